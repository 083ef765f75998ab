package io.zeekpipeline.parquet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.enrich.Enricher;
import io.zeekpipeline.model.ZeekEvent;
import io.zeekpipeline.normalize.NormalizationRule;
import io.zeekpipeline.normalize.Normalizer;
import org.apache.avro.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.schema.MessageType;

/**
 * The Parquet columns of one log type and the conversion of its events into rows. Column order:
 * event_time, ingest_time, enriched fields, static keys, promoted fields (by name), Zeek fields of
 * schema.json (in file order), {@code extra_fields}, optionally {@code raw_log}. A Zeek field whose
 * column name is taken by a normalized or enriched column is written as {@code zeek_<name>}.
 * Immutable and thread-safe.
 */
public final class LogTypeLayout {

    /** JSON object of the record's fields that schema.json does not list or whose value did not fit its column. */
    public static final String EXTRA_FIELDS = "extra_fields";
    public static final String RAW_LOG = "raw_log";
    public static final String INGEST_TIME = "ingest_time";
    /** The key-value metadata entries parquet-avro readers look for. */
    private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    private static final String MODEL_KEY = "writer.model.name";

    private final Schema schema;
    /** The schema as parquet-avro writes it, and the Avro schema's JSON: worked out once, not for every file. */
    private final MessageType parquetSchema;
    private final String avroSchemaJson;
    private final ParquetProperties parquetProperties;
    /** The Parquet leaf column of each column, in column order (a list's leaf is its element). */
    private final List<ColumnDescriptor> leafColumns;
    /** The type of each column, in column order. */
    private final List<ColumnType> columnTypes = new ArrayList<>();
    private final List<Function<ZeekEvent, Object>> derived = new ArrayList<>();
    private final Map<String, RawColumn> rawColumns = new HashMap<>();
    private final List<String> columnsWithoutDictionary = new ArrayList<>();
    private final int extraPosition;
    private final int rawLogPosition;

    private record RawColumn(int position, ColumnType type) {
    }

    LogTypeLayout(String logType, NormalizationRule rule, Map<String, ColumnType> zeekFields, boolean includeRawLog,
            Set<String> plainColumns) {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> used = new HashSet<>();
        addDerived(fields, used, Normalizer.EVENT_TIME, ColumnType.TIMESTAMP, ZeekEvent::eventTimeMicros);
        addDerived(fields, used, INGEST_TIME, ColumnType.TIMESTAMP, ZeekEvent::ingestTimeMicros);
        Enricher.fieldsFor(rule).forEach((name, javaType) ->
                addDerived(fields, used, name, enrichedType(javaType), e -> e.enriched().get(name)));
        List<String> normalizedNames = new ArrayList<>(List.of(Normalizer.EVENT_TYPE, Normalizer.EVENT_CLASS));
        rule.statics().keySet().stream().filter(k -> !normalizedNames.contains(k)).sorted().forEach(normalizedNames::add);
        Map<String, ColumnType> promotedTypes = new HashMap<>();
        rule.promote().forEach((rawName, target) -> {
            if (!Normalizer.EVENT_TIME.equals(target)) {
                promotedTypes.put(target, zeekFields.getOrDefault(rawName, guessType(target)));
            }
        });
        promotedTypes.keySet().stream().sorted().forEach(normalizedNames::add);
        for (String name : normalizedNames) {
            ColumnType type = promotedTypes.getOrDefault(name, ColumnType.STRING);
            addDerived(fields, used, name, type, e -> type.convert(e.normalized().get(name)));
        }
        zeekFields.forEach((zeekName, type) -> {
            if (!rule.promote().containsKey(zeekName)) {
                String column = ColumnNames.unique(used, ColumnNames.of(zeekName));
                rawColumns.put(zeekName, new RawColumn(fields.size(), type));
                addColumn(fields, column, type);
            }
        });
        extraPosition = fields.size();
        addColumn(fields, ColumnNames.unique(used, EXTRA_FIELDS), ColumnType.STRING);
        rawLogPosition = includeRawLog ? fields.size() : -1;
        if (includeRawLog) {
            addColumn(fields, ColumnNames.unique(used, RAW_LOG), ColumnType.STRING);
        }
        for (int i = 0; i < columnTypes.size(); i++) {
            String name = fields.get(i).name();
            if (!columnTypes.get(i).suitsDictionary() || plainColumns.contains(name)) {
                columnsWithoutDictionary.add(name);
            }
        }
        this.schema = Schema.createRecord("zeek_" + ColumnNames.of(logType), "Zeek " + logType + " log", "io.zeekpipeline",
                false, fields);
        this.parquetSchema = HadoopFiles.parquetSchemaOf(schema);
        this.leafColumns = List.copyOf(parquetSchema.getColumns());
        if (leafColumns.size() != columnTypes.size()) {
            throw new IllegalStateException("the Parquet schema of " + logType + " has " + leafColumns.size()
                                            + " leaf columns for " + columnTypes.size() + " columns");
        }
        this.avroSchemaJson = schema.toString();
        // min/max statistics and page indexes stay; the newer size statistics few readers use are left out
        ParquetProperties.Builder properties = ParquetProperties.builder().withSizeStatisticsEnabled(false);
        columnsWithoutDictionary.forEach(column -> properties.withDictionaryEncoding(column, false));
        this.parquetProperties = properties.build();
    }

    public Schema schema() {
        return schema;
    }

    /** The Parquet schema of the files, as parquet-avro writes it. */
    MessageType parquetSchema() {
        return parquetSchema;
    }

    /**
     * The writer settings of the files: no dictionary for the columns whose values nearly all differ
     * (see {@link ColumnType#suitsDictionary()}) or that {@link LogTypeLayouts} names plain.
     */
    ParquetProperties parquetProperties() {
        return parquetProperties;
    }

    /** The type of each column, in column order. */
    List<ColumnType> columnTypes() {
        return columnTypes;
    }

    /** The Parquet leaf column of each column, in column order. */
    List<ColumnDescriptor> leafColumns() {
        return leafColumns;
    }

    /** A file's key-value metadata: {@code extra} plus the entries parquet-avro readers look for. */
    Map<String, String> fileMetadata(Map<String, String> extra) {
        Map<String, String> metadata = new HashMap<>(extra);
        metadata.put(AVRO_SCHEMA_KEY, avroSchemaJson);
        metadata.put(MODEL_KEY, "avro");
        return metadata;
    }

    /** Writes the Parquet row of an event, column by column in {@link #schema()} order. */
    void encode(ZeekEvent event, RowBuffer out) {
        Object[] values = values(event);
        for (int i = 0; i < values.length; i++) {
            columnTypes.get(i).write(out, values[i]);
        }
    }

    /** The column values of an event's row, in column order; values that fit no column go to extra_fields as JSON. */
    private Object[] values(ZeekEvent event) {
        Object[] record = new Object[columnTypes.size()];
        ObjectNode extra = null;
        for (int i = 0; i < derived.size(); i++) {
            Object value = derived.get(i).apply(event);
            if (value == ColumnType.MISMATCH) {
                // only promoted values can mismatch; keep them under their normalized name
                String name = schema.getFields().get(i).name();
                extra = putExtra(extra, name, event.normalized().get(name));
            } else {
                record[i] = value;
            }
        }
        for (var it = event.raw().fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            RawColumn column = rawColumns.get(field.getKey());
            Object value = column == null ? ColumnType.MISMATCH : column.type().convert(field.getValue());
            if (value == ColumnType.MISMATCH) {
                extra = putExtra(extra, field.getKey(), field.getValue());
            } else {
                record[column.position()] = value;
            }
        }
        record[extraPosition] = extra == null ? null : extra.toString();
        if (rawLogPosition >= 0) {
            record[rawLogPosition] = new String(event.original(), StandardCharsets.UTF_8);
        }
        return record;
    }

    private static ObjectNode putExtra(ObjectNode extra, String name, JsonNode value) {
        ObjectNode target = extra != null ? extra : JsonNodeFactory.instance.objectNode();
        target.set(name, value);
        return target;
    }

    private void addDerived(List<Schema.Field> fields, Set<String> used, String name, ColumnType type,
            Function<ZeekEvent, Object> value) {
        used.add(name);
        derived.add(value);
        addColumn(fields, name, type);
    }

    private void addColumn(List<Schema.Field> fields, String name, ColumnType type) {
        columnTypes.add(type);
        fields.add(new Schema.Field(name, type.schema(), null, Schema.Field.NULL_DEFAULT_VALUE));
    }

    private static ColumnType enrichedType(Class<?> javaType) {
        if (javaType == Integer.class) {
            return ColumnType.parse("port");
        }
        return javaType == Boolean.class ? ColumnType.parse("bool") : ColumnType.STRING;
    }

    private static ColumnType guessType(String target) {
        return target.endsWith("_port") ? ColumnType.parse("port") : ColumnType.STRING;
    }
}
