package io.zeekpipeline.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.normalize.EventTimes;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.parquet.column.ColumnWriter;

/**
 * A schema.json field type (Zeek's names, plus the seed's float/int/string/bool) with its Parquet
 * (Avro) type, the conversion of a JSON value into it, and its encoding in a row. One subclass per
 * kind, so the JIT compiles each small method once instead of recompiling one large switch each time
 * a batch brings a kind it had not seen. Immutable and thread-safe.
 */
public abstract class ColumnType {

    /** Returned by {@link #convert} when a value does not fit the column; the caller keeps the value elsewhere. */
    public static final Object MISMATCH = new Object();

    public static final ColumnType STRING = new StringColumn();
    public static final ColumnType LONG = new LongColumn();
    public static final ColumnType TIMESTAMP = new TimestampColumn();

    private final Schema schema;

    private ColumnType(Schema base) {
        this.schema = Schema.createUnion(Schema.create(Schema.Type.NULL), base);
    }

    /** Parses a schema.json type name; unknown names are configuration errors. */
    public static ColumnType parse(String name) {
        String type = name.trim().toLowerCase(Locale.ROOT);
        if ((type.startsWith("set[") || type.startsWith("vector[")) && type.endsWith("]")) {
            ColumnType inner = parse(type.substring(type.indexOf('[') + 1, type.length() - 1));
            if (inner instanceof ListColumn) {
                throw new IllegalArgumentException("nested containers are not supported: " + name);
            }
            return new ListColumn(inner);
        }
        return switch (type) {
            case "count", "int", "long" -> LONG;
            case "port" -> new IntColumn();
            case "double", "interval", "float" -> new DoubleColumn();
            case "time", "timestamp" -> TIMESTAMP;
            case "bool" -> new BooleanColumn();
            case "string", "addr", "subnet", "enum", "func", "file", "pattern" -> STRING;
            default -> throw new IllegalArgumentException("unknown field type '" + name + "'");
        };
    }

    /** The nullable Avro schema of a column of this type. */
    public Schema schema() {
        return schema;
    }

    /**
     * False for times and intervals: nearly every value differs, so a dictionary only costs a hash
     * lookup per value before Parquet falls back to plain encoding.
     */
    boolean suitsDictionary() {
        return true;
    }

    /** The Avro value for a JSON value: null for JSON null, {@link #MISMATCH} when it does not fit. */
    public Object convert(JsonNode node) {
        return node == null || node.isNull() ? null : convertPresent(node);
    }

    abstract Object convertPresent(JsonNode node);

    /** Writes a value {@link #convert} returned (or null) into a row: presence, then the value. */
    void write(RowBuffer out, Object value) {
        if (value == null) {
            out.writeNull();
        } else {
            out.writePresent();
            writePresent(out, value);
        }
    }

    abstract void writePresent(RowBuffer out, Object value);

    /**
     * Moves one present value of this type from a row to its Parquet column, at the given repetition
     * level and at {@code definition}, the column's maximum definition level; lists in the
     * three-level layout parquet-avro writes.
     */
    abstract void copy(RowReader in, ColumnWriter out, int repetition, int definition);

    private static class LongColumn extends ColumnType {
        LongColumn() {
            this(Schema.create(Schema.Type.LONG));
        }

        LongColumn(Schema base) {
            super(base);
        }

        @Override
        Object convertPresent(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isFloatingPointNumber() && isWhole(node.doubleValue())) {
                return (long) node.doubleValue();
            }
            return node.isTextual() ? parseLong(node.asText()) : MISMATCH;
        }

        @Override
        void writePresent(RowBuffer out, Object value) {
            out.writeLong((Long) value);
        }

        @Override
        void copy(RowReader in, ColumnWriter out, int repetition, int definition) {
            out.write(in.readLong(), repetition, definition);
        }
    }

    /** Microseconds since the epoch, written as a long. */
    private static final class TimestampColumn extends LongColumn {
        TimestampColumn() {
            super(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)));
        }

        @Override
        boolean suitsDictionary() {
            return false;
        }

        @Override
        Object convertPresent(JsonNode node) {
            try {
                return EventTimes.toMicros(node);
            } catch (RuntimeException e) {
                return MISMATCH;
            }
        }
    }

    private static final class IntColumn extends ColumnType {
        IntColumn() {
            super(Schema.create(Schema.Type.INT));
        }

        @Override
        Object convertPresent(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            return node.isTextual() ? parseInt(node.asText()) : MISMATCH;
        }

        @Override
        void writePresent(RowBuffer out, Object value) {
            out.writeLong((Integer) value);
        }

        @Override
        void copy(RowReader in, ColumnWriter out, int repetition, int definition) {
            out.write(in.readInt(), repetition, definition);
        }
    }

    private static final class DoubleColumn extends ColumnType {
        DoubleColumn() {
            super(Schema.create(Schema.Type.DOUBLE));
        }

        @Override
        boolean suitsDictionary() {
            return false;
        }

        @Override
        Object convertPresent(JsonNode node) {
            if (node.isNumber()) {
                return node.doubleValue();
            }
            return node.isTextual() ? parseDouble(node.asText()) : MISMATCH;
        }

        @Override
        void writePresent(RowBuffer out, Object value) {
            out.writeDouble((Double) value);
        }

        @Override
        void copy(RowReader in, ColumnWriter out, int repetition, int definition) {
            out.write(in.readDouble(), repetition, definition);
        }
    }

    private static final class BooleanColumn extends ColumnType {
        BooleanColumn() {
            super(Schema.create(Schema.Type.BOOLEAN));
        }

        @Override
        Object convertPresent(JsonNode node) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            return node.isTextual() ? parseBoolean(node.asText()) : MISMATCH;
        }

        @Override
        void writePresent(RowBuffer out, Object value) {
            out.writeBoolean((Boolean) value);
        }

        @Override
        void copy(RowReader in, ColumnWriter out, int repetition, int definition) {
            out.write(in.readBoolean(), repetition, definition);
        }
    }

    private static final class StringColumn extends ColumnType {
        StringColumn() {
            super(Schema.create(Schema.Type.STRING));
        }

        @Override
        Object convertPresent(JsonNode node) {
            return node.isValueNode() ? node.asText() : node.toString();
        }

        @Override
        void writePresent(RowBuffer out, Object value) {
            out.writeString((String) value);
        }

        @Override
        void copy(RowReader in, ColumnWriter out, int repetition, int definition) {
            out.write(in.readBinary(), repetition, definition);
        }
    }

    private static final class ListColumn extends ColumnType {
        private final ColumnType element;

        ListColumn(ColumnType element) {
            super(Schema.createArray(element.schema()));
            this.element = element;
        }

        @Override
        Object convertPresent(JsonNode node) {
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

        @Override
        void writePresent(RowBuffer out, Object value) {
            List<?> items = (List<?>) value;
            out.writeLong(items.size());
            for (Object item : items) {
                element.write(out, item);
            }
        }

        /**
         * Levels below the list's own: an empty list is defined two levels short of an element, a
         * null element one level short; elements after the first repeat at level 1.
         */
        @Override
        void copy(RowReader in, ColumnWriter out, int repetition, int definition) {
            long items = in.readLong();
            if (items == 0) {
                out.writeNull(repetition, definition - 2);
            }
            for (long i = 0; i < items; i++) {
                int level = i == 0 ? repetition : 1;
                if (in.readPresent()) {
                    element.copy(in, out, level, definition);
                } else {
                    out.writeNull(level, definition - 1);
                }
            }
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
