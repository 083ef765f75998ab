package io.zeekpipeline.parquet.rows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.json.JsonWriter;
import io.zeekpipeline.rules.NormalizationRule;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.schema.MessageType;

/**
 * The Parquet columns of one log type and the conversion of its events into rows. Column order:
 * event_time, ingest_time, enriched fields, static keys, promoted fields (by name), Zeek fields of
 * schema.json (in file order), {@code extra_fields}, optionally {@code raw_log}. A Zeek field whose
 * column name is taken by a normalized or enriched column is written as {@code zeek_<name>}.
 * Thread-safe: immutable but for each encoding thread's own {@link FieldPositions}.
 */
public final class LogTypeLayout {

    /** JSON object of the record's fields that schema.json does not list or whose value did not fit its column. */
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
    /** How each column before the Zeek fields gets its value, in column order. */
    private final List<Derived> derived = new ArrayList<>();
    /** Each Zeek field's column: its index among the Zeek field columns. */
    private final Map<String, Integer> rawColumns = new HashMap<>();
    private final List<String> columnsWithoutDictionary = new ArrayList<>();
    private final int extraPosition;
    private final int rawLogPosition;
    /** Each encoding thread's memory of where its previous event of this log type had each field. */
    private final ThreadLocal<FieldPositions> positionsPerThread;

    /**
     * Writes an event's value of a derived column into a row, {@code slot} being the column's index; false, with
     * nothing written, when it does not fit.
     */
    private interface Derived {
        boolean write(ZeekEvent event, RowBuffer out, FieldPositions positions, int slot);
    }

    LogTypeLayout(String logType, NormalizationRule rule, Map<String, ColumnType> zeekFields, boolean includeRawLog,
            Set<String> plainColumns) {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> used = new HashSet<>();
        addDerived(fields, used, EventFields.EVENT_TIME, ColumnType.TIMESTAMP, (e, out, positions, slot) -> {
            ColumnType.writeTime(out, e.eventTimeMicros());
            return true;
        });
        addDerived(fields, used, EventFields.INGEST_TIME, ColumnType.TIMESTAMP, (e, out, positions, slot) -> {
            ColumnType.writeTime(out, e.ingestTimeMicros());
            return true;
        });
        rule.enrichedFields().forEach((name, javaType) -> {
            ColumnType type = enrichedType(javaType);
            addDerived(fields, used, name, type, (e, out, positions, slot) -> {
                type.write(out, positions.value(e.enriched(), name, slot));
                return true;
            });
        });
        List<String> normalizedNames = new ArrayList<>(List.of(EventFields.EVENT_TYPE, EventFields.EVENT_CLASS));
        rule.statics().keySet().stream().filter(k -> !normalizedNames.contains(k)).sorted()
                .forEach(normalizedNames::add);
        Map<String, ColumnType> promotedTypes = new HashMap<>();
        rule.promote().forEach((rawName, target) -> {
            if (!EventFields.EVENT_TIME.equals(target)) {
                promotedTypes.put(target, zeekFields.getOrDefault(rawName, guessType(target)));
            }
        });
        promotedTypes.keySet().stream().sorted().forEach(normalizedNames::add);
        for (String name : normalizedNames) {
            ColumnType type = promotedTypes.getOrDefault(name, ColumnType.STRING);
            addDerived(fields, used, name, type,
                    (e, out, positions, slot) -> type.write(out, positions.value(e.normalized(), name, slot)));
        }
        zeekFields.forEach((zeekName, type) -> {
            if (!rule.promote().containsKey(zeekName)) {
                String column = ColumnNames.unique(used, ColumnNames.of(zeekName));
                rawColumns.put(zeekName, fields.size() - derived.size());
                addColumn(fields, column, type);
            }
        });
        extraPosition = fields.size();
        addColumn(fields, ColumnNames.unique(used, EventFields.EXTRA_FIELDS), ColumnType.STRING);
        rawLogPosition = includeRawLog ? fields.size() : -1;
        int derivedColumns = derived.size();
        int zeekColumns = extraPosition - derivedColumns;
        positionsPerThread = ThreadLocal.withInitial(() -> new FieldPositions(derivedColumns, zeekColumns));
        if (includeRawLog) {
            addColumn(fields, ColumnNames.unique(used, EventFields.RAW_LOG), ColumnType.STRING);
        }
        for (int i = 0; i < columnTypes.size(); i++) {
            String name = fields.get(i).name();
            if (!columnTypes.get(i).suitsDictionary() || plainColumns.contains(name)) {
                columnsWithoutDictionary.add(name);
            }
        }
        this.schema = Schema.createRecord("zeek_" + ColumnNames.of(logType), "Zeek " + logType + " log",
                "io.zeekpipeline", false, fields);
        this.parquetSchema = parquetSchemaOf(schema);
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

    /**
     * Writes the Parquet row of an event, column by column in {@link #schema()} order; values that fit
     * no column go to extra_fields as a JSON object (mismatched promoted values, then Zeek fields in record order).
     */
    public void encode(ZeekEvent event, RowBuffer out) {
        encode(event, out, threadPositions());
    }

    /**
     * The calling thread's field positions for {@link #encode(ZeekEvent, RowBuffer, FieldPositions)}: looked up
     * once for many events (a consumer thread's many thread-locals made a look-up per event a probe of several
     * entries). Not to be shared with another thread.
     */
    public FieldPositions threadPositions() {
        return positionsPerThread.get();
    }

    /** As {@link #encode(ZeekEvent, RowBuffer)}, with this thread's {@link #threadPositions()}. */
    public void encode(ZeekEvent event, RowBuffer out, FieldPositions positions) {
        int zeekColumns = extraPosition - derived.size();
        JsonWriter extra = null;
        for (int i = 0; i < derived.size(); i++) {
            if (!derived.get(i).write(event, out, positions, i)) {
                out.writeNull();
                // only promoted values can mismatch; keep them under their normalized name
                String name = schema.getFields().get(i).name();
                extra = putExtra(extra, name, event.normalized().get(name));
            }
        }
        FieldMap<JsonValue> raw = event.raw();
        // field index + 1 of each Zeek field column, 0 when the record lacks it;
        // fields with no column go to extra_fields
        int[] fieldOfColumn = positions.fieldOfColumn();
        boolean[] toExtra = null;
        for (int i = 0; i < raw.size(); i++) {
            int column = positions.rawColumn(i, raw.name(i), rawColumns);
            if (column >= 0) {
                fieldOfColumn[column] = i + 1;
            } else {
                toExtra = mark(toExtra, raw.size(), i);
            }
        }
        for (int c = 0; c < zeekColumns; c++) {
            int field = fieldOfColumn[c] - 1;
            if (field < 0) {
                out.writeNull();
            } else if (!columnTypes.get(derived.size() + c).write(out, raw.value(field))) {
                out.writeNull();
                toExtra = mark(toExtra, raw.size(), field);
            }
        }
        if (toExtra != null) {
            for (int i = 0; i < raw.size(); i++) {
                if (toExtra[i]) {
                    extra = putExtra(extra, raw.name(i), raw.value(i));
                }
            }
        }
        if (extra == null) {
            out.writeNull();
        } else {
            extra.endObject();
            out.writePresent();
            out.writeUtf8(extra.buffer(), 0, extra.size());
        }
        if (rawLogPosition >= 0) {
            out.writePresent();
            out.writeUtf8(event.original(), 0, event.original().length);
        }
    }

    private static boolean[] mark(boolean[] marks, int size, int index) {
        boolean[] target = marks != null ? marks : new boolean[size];
        target[index] = true;
        return target;
    }

    private static JsonWriter putExtra(JsonWriter extra, String name, JsonValue value) {
        JsonWriter target = extra;
        if (target == null) {
            target = new JsonWriter(256);
            target.startObject();
        }
        target.name(name).value(value);
        return target;
    }

    private void addDerived(List<Schema.Field> fields, Set<String> used, String name, ColumnType type,
            Derived value) {
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
        if (javaType == Long.class) {
            return ColumnType.parse("count");
        }
        if (javaType == Double.class) {
            return ColumnType.parse("double");
        }
        return javaType == Boolean.class ? ColumnType.parse("bool") : ColumnType.STRING;
    }

    private static ColumnType guessType(String target) {
        return target.endsWith("_port") ? ColumnType.parse("port") : ColumnType.STRING;
    }

    /**
     * The Parquet schema parquet-avro writes for an Avro schema, lists in the three-level layout (so
     * a list element may be null). Reads no Hadoop default resources.
     */
    private static MessageType parquetSchemaOf(Schema schema) {
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        return new AvroSchemaConverter(conf).convert(schema);
    }
}
