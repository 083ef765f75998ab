package io.zeekpipeline.parquet.rows;

import java.util.List;
import java.util.Locale;

import io.zeekpipeline.event.EventTimes;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.json.ZeekContainerTypes;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.parquet.column.ColumnWriter;

/**
 * A schema.json field type (Zeek's names, plus the seed's float/int/string/bool) with its Parquet
 * (Avro) type, and the encoding of a JSON value (or of a value the pipeline derived) into a row. One subclass per
 * kind, so the JIT compiles each small method once instead of recompiling one large switch each time
 * a batch brings a kind it had not seen. Immutable and thread-safe.
 */
public abstract class ColumnType {

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
        String element = ZeekContainerTypes.elementType(type);
        if (element != null) {
            ColumnType inner = parse(element);
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

    /**
     * Writes a JSON value into a row (null for JSON null or no value); false, with the row as it was,
     * when the value does not fit the column: the caller writes null and keeps the value elsewhere.
     */
    boolean write(RowBuffer out, JsonValue value) {
        if (value == null || value.isNull()) {
            out.writeNull();
            return true;
        }
        int mark = out.size();
        out.writePresent();
        if (writeJson(out, value)) {
            return true;
        }
        out.truncate(mark);
        return false;
    }

    /** Writes a present JSON value; false when it does not fit (the caller truncates the row). */
    abstract boolean writeJson(RowBuffer out, JsonValue value);

    /**
     * Writes a value the pipeline derived (a Long, Integer, Boolean or String, or null) into a row:
     * presence, then the value.
     */
    void write(RowBuffer out, Object value) {
        if (value == null) {
            out.writeNull();
        } else {
            out.writePresent();
            writePresent(out, value);
        }
    }

    abstract void writePresent(RowBuffer out, Object value);

    /** Writes a time in microseconds into a row, present, as {@link #TIMESTAMP} holds it, without boxing it. */
    static void writeTime(RowBuffer out, long micros) {
        out.writePresent();
        out.writeLong(micros);
    }

    /**
     * Moves one present value of this type from a row to its Parquet column, at the given repetition
     * level and at {@code definition}, the column's maximum definition level; lists in the
     * three-level layout parquet-avro writes.
     */
    abstract void copy(RowReader in, ColumnWriter out, int repetition, int definition);

    /**
     * A kind that also takes its values written as JSON strings (a sender quoting a number or a
     * boolean): the one fallback its {@link #writeJson} ends in once the value is not of its own JSON kind.
     */
    private abstract static class TextParsingColumn extends ColumnType {
        TextParsingColumn(Schema base) {
            super(base);
        }

        /**
         * Writes a JSON string parsed as this kind; false for any other JSON kind or for text that is
         * not of this kind. Only reached once the value is not of the kind's own JSON kind, so the
         * common case keeps a single dispatch.
         */
        final boolean writeParsed(RowBuffer out, JsonValue value) {
            if (value.kind() != JsonValue.Kind.STRING) {
                return false;
            }
            try {
                return writeText(out, value.text().trim());
            } catch (NumberFormatException notOfThisKind) {
                return false;
            }
        }

        /** Writes the value of trimmed text; false, or a NumberFormatException, when it is not of this kind. */
        abstract boolean writeText(RowBuffer out, String text);
    }

    private static class LongColumn extends TextParsingColumn {
        LongColumn() {
            this(Schema.create(Schema.Type.LONG));
        }

        LongColumn(Schema base) {
            super(base);
        }

        @Override
        boolean writeJson(RowBuffer out, JsonValue value) {
            if (value.fitsLong()) {
                out.writeLong(value.longValue());
                return true;
            }
            if (value.kind() == JsonValue.Kind.NUMBER && !value.isIntegral() && isWhole(value.doubleValue())) {
                out.writeLong((long) value.doubleValue());
                return true;
            }
            return writeParsed(out, value);
        }

        @Override
        boolean writeText(RowBuffer out, String text) {
            out.writeLong(Long.parseLong(text));
            return true;
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

    /** Microseconds since the epoch, written as a long; {@link EventTimes} reads numbers and text alike. */
    private static final class TimestampColumn extends LongColumn {
        TimestampColumn() {
            super(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)));
        }

        @Override
        boolean suitsDictionary() {
            return false;
        }

        @Override
        boolean writeJson(RowBuffer out, JsonValue value) {
            long micros;
            try {
                micros = EventTimes.toMicros(value);
            } catch (RuntimeException notATime) {
                return false;
            }
            out.writeLong(micros);
            return true;
        }
    }

    private static final class IntColumn extends TextParsingColumn {
        IntColumn() {
            super(Schema.create(Schema.Type.INT));
        }

        @Override
        boolean writeJson(RowBuffer out, JsonValue value) {
            if (value.fitsLong()) {
                long number = value.longValue();
                if (number != (int) number) {
                    return false;
                }
                out.writeLong(number);
                return true;
            }
            return writeParsed(out, value);
        }

        @Override
        boolean writeText(RowBuffer out, String text) {
            out.writeLong(Integer.parseInt(text));
            return true;
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

    private static final class DoubleColumn extends TextParsingColumn {
        DoubleColumn() {
            super(Schema.create(Schema.Type.DOUBLE));
        }

        @Override
        boolean suitsDictionary() {
            return false;
        }

        @Override
        boolean writeJson(RowBuffer out, JsonValue value) {
            if (value.kind() == JsonValue.Kind.NUMBER) {
                out.writeDouble(value.doubleValue());
                return true;
            }
            return writeParsed(out, value);
        }

        @Override
        boolean writeText(RowBuffer out, String text) {
            out.writeDouble(Double.parseDouble(text));
            return true;
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

    private static final class BooleanColumn extends TextParsingColumn {
        BooleanColumn() {
            super(Schema.create(Schema.Type.BOOLEAN));
        }

        @Override
        boolean writeJson(RowBuffer out, JsonValue value) {
            switch (value.kind()) {
                case TRUE -> out.writeBoolean(true);
                case FALSE -> out.writeBoolean(false);
                default -> {
                    return writeParsed(out, value);
                }
            }
            return true;
        }

        /** Zeek's TSV spelling (T, F) or JSON's. */
        @Override
        boolean writeText(RowBuffer out, String text) {
            switch (text) {
                case "T", "true" -> out.writeBoolean(true);
                case "F", "false" -> out.writeBoolean(false);
                default -> {
                    return false;
                }
            }
            return true;
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
        boolean writeJson(RowBuffer out, JsonValue value) {
            if (value.isPlainString()) {
                out.writeUtf8(value.source(), value.start() + 1, value.end() - 1);
            } else if (value.kind() == JsonValue.Kind.STRING) {
                out.writeString(value.text());
            } else {
                // a number, boolean, array or object in a string column: its JSON text
                out.writeUtf8(value.source(), value.start(), value.end());
            }
            return true;
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
        boolean writeJson(RowBuffer out, JsonValue value) {
            if (value.kind() != JsonValue.Kind.ARRAY) {
                return false;
            }
            List<JsonValue> items = value.elements();
            out.writeLong(items.size());
            for (JsonValue item : items) {
                if (!element.write(out, item)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void writePresent(RowBuffer out, Object value) {
            throw new UnsupportedOperationException("no derived value is a list");
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
}
