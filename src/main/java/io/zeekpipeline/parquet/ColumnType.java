package io.zeekpipeline.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.normalize.EventTimes;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * A schema.json field type (Zeek's names, plus the seed's float/int/string/bool) with its Parquet
 * (Avro) type and the conversion of a JSON value into it. Immutable and thread-safe.
 */
public final class ColumnType {

    /** Returned by {@link #convert} when a value does not fit the column; the caller keeps the value elsewhere. */
    public static final Object MISMATCH = new Object();

    private enum Kind { LONG, INT, DOUBLE, TIMESTAMP, BOOLEAN, STRING, LIST }

    /** Names in parquet-avro's three-level list layout. */
    private static final String LIST_FIELD = "list";
    private static final String ELEMENT_FIELD = "element";

    public static final ColumnType STRING = new ColumnType(Kind.STRING, null);
    public static final ColumnType LONG = new ColumnType(Kind.LONG, null);
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, null);

    private final Kind kind;
    private final ColumnType element;
    private final Schema schema;

    private ColumnType(Kind kind, ColumnType element) {
        this.kind = kind;
        this.element = element;
        this.schema = buildSchema();
    }

    /** Parses a schema.json type name; unknown names are configuration errors. */
    public static ColumnType parse(String name) {
        String type = name.trim().toLowerCase(Locale.ROOT);
        if ((type.startsWith("set[") || type.startsWith("vector[")) && type.endsWith("]")) {
            ColumnType inner = parse(type.substring(type.indexOf('[') + 1, type.length() - 1));
            if (inner.kind == Kind.LIST) {
                throw new IllegalArgumentException("nested containers are not supported: " + name);
            }
            return new ColumnType(Kind.LIST, inner);
        }
        return switch (type) {
            case "count", "int", "long" -> LONG;
            case "port" -> new ColumnType(Kind.INT, null);
            case "double", "interval", "float" -> new ColumnType(Kind.DOUBLE, null);
            case "time", "timestamp" -> TIMESTAMP;
            case "bool" -> new ColumnType(Kind.BOOLEAN, null);
            case "string", "addr", "subnet", "enum", "func", "file", "pattern" -> STRING;
            default -> throw new IllegalArgumentException("unknown field type '" + name + "'");
        };
    }

    /**
     * False for times and intervals: nearly every value differs, so a dictionary only costs a hash
     * lookup per value before Parquet falls back to plain encoding.
     */
    boolean suitsDictionary() {
        return kind != Kind.TIMESTAMP && kind != Kind.DOUBLE;
    }

    /** The nullable Avro schema of a column of this type. */
    public Schema schema() {
        return schema;
    }

    private Schema buildSchema() {
        Schema base = switch (kind) {
            case LONG -> Schema.create(Schema.Type.LONG);
            case INT -> Schema.create(Schema.Type.INT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case TIMESTAMP -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case STRING -> Schema.create(Schema.Type.STRING);
            case LIST -> Schema.createArray(element.schema());
        };
        return Schema.createUnion(Schema.create(Schema.Type.NULL), base);
    }

    /** Writes a value {@link #convert} returned (or null) into a row: presence, then the value. */
    void write(RowBuffer out, Object value) {
        if (value == null) {
            out.writeNull();
            return;
        }
        out.writePresent();
        switch (kind) {
            case LONG, TIMESTAMP -> out.writeLong((Long) value);
            case INT -> out.writeLong((Integer) value);
            case DOUBLE -> out.writeDouble((Double) value);
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case STRING -> out.writeString((String) value);
            case LIST -> {
                List<?> items = (List<?>) value;
                out.writeLong(items.size());
                for (Object item : items) {
                    element.write(out, item);
                }
            }
        }
    }

    /**
     * Moves one present value of this type from a row to a Parquet record consumer, in the
     * three-level list layout parquet-avro writes for lists.
     */
    void copy(RowReader in, RecordConsumer out) {
        switch (kind) {
            case LONG, TIMESTAMP -> out.addLong(in.readLong());
            case INT -> out.addInteger(in.readInt());
            case DOUBLE -> out.addDouble(in.readDouble());
            case BOOLEAN -> out.addBoolean(in.readBoolean());
            case STRING -> out.addBinary(in.readBinary());
            case LIST -> copyList(in, out);
        }
    }

    private void copyList(RowReader in, RecordConsumer out) {
        out.startGroup();
        long items = in.readLong();
        if (items > 0) {
            out.startField(LIST_FIELD, 0);
            for (long i = 0; i < items; i++) {
                out.startGroup();
                if (in.readPresent()) {
                    out.startField(ELEMENT_FIELD, 0);
                    element.copy(in, out);
                    out.endField(ELEMENT_FIELD, 0);
                }
                out.endGroup();
            }
            out.endField(LIST_FIELD, 0);
        }
        out.endGroup();
    }

    /** The Avro value for a JSON value: null for JSON null, {@link #MISMATCH} when it does not fit. */
    public Object convert(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (kind) {
            case LONG -> node.isIntegralNumber() && node.canConvertToLong() ? node.longValue()
                    : node.isFloatingPointNumber() && isWhole(node.doubleValue()) ? (long) node.doubleValue()
                    : node.isTextual() ? parseLong(node.asText()) : MISMATCH;
            case INT -> node.isIntegralNumber() && node.canConvertToInt() ? node.intValue()
                    : node.isTextual() ? parseInt(node.asText()) : MISMATCH;
            case DOUBLE -> node.isNumber() ? node.doubleValue() : node.isTextual() ? parseDouble(node.asText()) : MISMATCH;
            case TIMESTAMP -> timestamp(node);
            case BOOLEAN -> node.isBoolean() ? node.booleanValue() : node.isTextual() ? parseBoolean(node.asText()) : MISMATCH;
            case STRING -> node.isValueNode() ? node.asText() : node.toString();
            case LIST -> list(node);
        };
    }

    private Object list(JsonNode node) {
        if (!node.isArray()) {
            return MISMATCH;
        }
        List<Object> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            Object value = element.convert(item);
            if (value == MISMATCH) {
                return MISMATCH;
            }
            values.add(value);
        }
        return values;
    }

    private static Object timestamp(JsonNode node) {
        try {
            return EventTimes.toMicros(node);
        } catch (RuntimeException e) {
            return MISMATCH;
        }
    }

    private static boolean isWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < 0x1p63;
    }

    private static Object parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return MISMATCH;
        }
    }

    private static Object parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return MISMATCH;
        }
    }

    private static Object parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return MISMATCH;
        }
    }

    private static Object parseBoolean(String s) {
        return switch (s.trim()) {
            case "T", "true" -> Boolean.TRUE;
            case "F", "false" -> Boolean.FALSE;
            default -> MISMATCH;
        };
    }
}
