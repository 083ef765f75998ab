package io.zeekpipeline.parquet.rows;

import java.util.Arrays;
import java.util.Map;

import io.zeekpipeline.json.FieldMap;

/**
 * An encoder's memory of where the previous event of its layout had each field: the events of a log type nearly
 * always list their fields in the same order, so a field is found by comparing one name at its old position
 * instead of scanning a field map or hashing the name into the layout's column map. Every hit is checked by name,
 * so a different order only costs a lookup. One per layout and thread, reused from event to event; not thread-safe.
 */
public final class FieldPositions {

    private static final int NO_COLUMN = -1;
    private static final String[] NO_NAMES = new String[0];
    private static final int[] NO_INTS = new int[0];

    /** Per derived column: its field's position in its field map last time. */
    private final int[] derivedAt;
    /** Per raw field position: the name there last time and its column (index among the Zeek columns, or -1). */
    private String[] rawNames = NO_NAMES;
    private int[] rawColumns = NO_INTS;
    private final int[] fieldOfColumn;

    FieldPositions(int derivedColumns, int zeekColumns) {
        derivedAt = new int[derivedColumns];
        fieldOfColumn = new int[zeekColumns];
    }

    /** The value of {@code name} in {@code fields}, or null; {@code slot} is the derived column's index. */
    <V> V value(FieldMap<V> fields, String name, int slot) {
        int at = derivedAt[slot];
        if (at < fields.size() && name.equals(fields.name(at))) {
            return fields.value(at);
        }
        int found = fields.indexOf(name);
        if (found < 0) {
            return null;
        }
        derivedAt[slot] = found;
        return fields.value(found);
    }

    /**
     * The column (index among the Zeek field columns) of the raw field {@code name} at {@code position}, or -1 when
     * {@code columns} has none.
     */
    int rawColumn(int position, String name, Map<String, Integer> columns) {
        if (position < rawNames.length && name.equals(rawNames[position])) {
            return rawColumns[position];
        }
        if (position >= rawNames.length) {
            int grown = Math.max(position + 1, rawNames.length * 2);
            rawNames = Arrays.copyOf(rawNames, grown);
            rawColumns = Arrays.copyOf(rawColumns, grown);
        }
        Integer column = columns.get(name);
        rawNames[position] = name;
        rawColumns[position] = column == null ? NO_COLUMN : column;
        return rawColumns[position];
    }

    /** A zeroed array with an int per Zeek field column, for the encoder's note of each column's field. */
    int[] fieldOfColumn() {
        Arrays.fill(fieldOfColumn, 0);
        return fieldOfColumn;
    }
}
