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
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;

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

    private final Schema schema;
    private final GenericDatumWriter<GenericData.Record> datumWriter;
    private final List<Function<ZeekEvent, Object>> derived = new ArrayList<>();
    private final Map<String, RawColumn> rawColumns = new HashMap<>();
    private final int extraPosition;
    private final int rawLogPosition;

    private record RawColumn(int position, ColumnType type) {
    }

    LogTypeLayout(String logType, NormalizationRule rule, Map<String, ColumnType> zeekFields, boolean includeRawLog) {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> used = new HashSet<>();
        addDerived(fields, used, Normalizer.EVENT_TIME, ColumnType.TIMESTAMP.schema(), ZeekEvent::eventTimeMicros);
        addDerived(fields, used, INGEST_TIME, ColumnType.TIMESTAMP.schema(), ZeekEvent::ingestTimeMicros);
        Enricher.fieldsFor(rule).forEach((name, javaType) ->
                addDerived(fields, used, name, enrichedSchema(javaType), e -> e.enriched().get(name)));
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
            addDerived(fields, used, name, type.schema(), e -> type.convert(e.normalized().get(name)));
        }
        zeekFields.forEach((zeekName, type) -> {
            if (!rule.promote().containsKey(zeekName)) {
                String column = ColumnNames.unique(used, ColumnNames.of(zeekName));
                rawColumns.put(zeekName, new RawColumn(fields.size(), type));
                fields.add(new Schema.Field(column, type.schema(), null, Schema.Field.NULL_DEFAULT_VALUE));
            }
        });
        extraPosition = fields.size();
        fields.add(new Schema.Field(ColumnNames.unique(used, EXTRA_FIELDS), ColumnType.STRING.schema(), null,
                Schema.Field.NULL_DEFAULT_VALUE));
        rawLogPosition = includeRawLog ? fields.size() : -1;
        if (includeRawLog) {
            fields.add(new Schema.Field(ColumnNames.unique(used, RAW_LOG), ColumnType.STRING.schema(), null,
                    Schema.Field.NULL_DEFAULT_VALUE));
        }
        this.schema = Schema.createRecord("zeek_" + ColumnNames.of(logType), "Zeek " + logType + " log", "io.zeekpipeline",
                false, fields);
        this.datumWriter = new GenericDatumWriter<>(schema);
    }

    public Schema schema() {
        return schema;
    }

    /** Encodes rows of this layout as Avro binary; holds no per-call state, so it is shared. */
    GenericDatumWriter<GenericData.Record> datumWriter() {
        return datumWriter;
    }

    /** The Parquet row of an event; values that fit no column go to extra_fields as JSON. */
    public GenericData.Record toRecord(ZeekEvent event) {
        GenericData.Record record = new GenericData.Record(schema);
        ObjectNode extra = null;
        for (int i = 0; i < derived.size(); i++) {
            Object value = derived.get(i).apply(event);
            if (value == ColumnType.MISMATCH) {
                // only promoted values can mismatch; keep them under their normalized name
                String name = schema.getFields().get(i).name();
                extra = putExtra(extra, name, event.normalized().get(name));
            } else {
                record.put(i, value);
            }
        }
        for (var it = event.raw().fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            RawColumn column = rawColumns.get(field.getKey());
            Object value = column == null ? ColumnType.MISMATCH : column.type().convert(field.getValue());
            if (value == ColumnType.MISMATCH) {
                extra = putExtra(extra, field.getKey(), field.getValue());
            } else {
                record.put(column.position(), value);
            }
        }
        record.put(extraPosition, extra == null ? null : extra.toString());
        if (rawLogPosition >= 0) {
            record.put(rawLogPosition, new String(event.original(), StandardCharsets.UTF_8));
        }
        return record;
    }

    private static ObjectNode putExtra(ObjectNode extra, String name, JsonNode value) {
        ObjectNode target = extra != null ? extra : JsonNodeFactory.instance.objectNode();
        target.set(name, value);
        return target;
    }

    private void addDerived(List<Schema.Field> fields, Set<String> used, String name, Schema type,
            Function<ZeekEvent, Object> value) {
        used.add(name);
        derived.add(value);
        fields.add(new Schema.Field(name, type, null, Schema.Field.NULL_DEFAULT_VALUE));
    }

    private static Schema enrichedSchema(Class<?> javaType) {
        if (javaType == Integer.class) {
            return ColumnType.parse("port").schema();
        }
        return javaType == Boolean.class ? ColumnType.parse("bool").schema() : ColumnType.STRING.schema();
    }

    private static ColumnType guessType(String target) {
        return target.endsWith("_port") ? ColumnType.parse("port") : ColumnType.STRING;
    }
}
