package io.zeekpipeline.parquet.rows;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The field lists of schema.json (seed format: {@code zeek_<type>: {log_type, fields: {name: type}}}),
 * keyed by log type, each type checked against {@link ColumnType} at load. Immutable and thread-safe.
 */
public final class ZeekSchemas {

    private final Map<String, Map<String, ColumnType>> fieldsByLogType;

    private ZeekSchemas(Map<String, Map<String, ColumnType>> fieldsByLogType) {
        this.fieldsByLogType = Map.copyOf(fieldsByLogType);
    }

    public static ZeekSchemas load(InputStream json, String origin, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(origin + ": schema must be a JSON object of zeek_<type> entries");
        }
        Map<String, Map<String, ColumnType>> byType = new HashMap<>();
        root.fields().forEachRemaining(entry -> {
            JsonNode node = entry.getValue();
            String logType = node.path("log_type").asText(entry.getKey().replaceFirst("^zeek_", ""));
            JsonNode fields = node.get("fields");
            if (fields == null || !fields.isObject()) {
                throw new IllegalArgumentException(origin + ": '" + entry.getKey() + "' has no 'fields' object");
            }
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            fields.fields().forEachRemaining(f -> {
                try {
                    columns.put(f.getKey(), ColumnType.parse(f.getValue().asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(origin + ": " + entry.getKey() + "." + f.getKey() + ": "
                                                       + e.getMessage(), e);
                }
            });
            byType.put(logType, columns);
        });
        return new ZeekSchemas(byType);
    }

    /** Zeek field name → type for a log type, in file order; empty when schema.json does not list the type. */
    public Map<String, ColumnType> fieldsOf(String logType) {
        return fieldsByLogType.getOrDefault(logType, Map.of());
    }

}
