package io.zeekpipeline.parquet.rows;

import java.util.List;

import org.apache.parquet.io.api.Binary;

/**
 * Reads the rows of a {@link RowBlocks} in order, value by value, as {@link RowBuffer} wrote them;
 * strings come back as slices of the blocks, never copied. Not thread-safe.
 */
public final class RowReader {

    private final List<RowBlocks.Block> blocks;
    private int next;
    private byte[] block;
    private int position;
    private int limit;

    RowReader(List<RowBlocks.Block> blocks) {
        this.blocks = blocks;
    }

    /** Moves to the next row; false when none is left. Rows never span blocks. */
    boolean nextRow() {
        while (position == limit) {
            if (next == blocks.size()) {
                return false;
            }
            RowBlocks.Block b = blocks.get(next++);
            block = b.bytes();
            position = 0;
            limit = b.used();
        }
        return true;
    }

    /** True when the next value is present, false when it is null. */
    boolean readPresent() {
        return block[position++] != RowBuffer.NULL;
    }

    long readLong() {
        long v = 0;
        int shift = 0;
        byte b;
        do {
            b = block[position++];
            v |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return (v >>> 1) ^ -(v & 1);
    }

    int readInt() {
        return (int) readLong();
    }

    double readDouble() {
        double value = Double.longBitsToDouble((long) RowBuffer.LONG_LE.get(block, position));
        position += 8;
        return value;
    }

    boolean readBoolean() {
        return block[position++] != 0;
    }

    /** The next string's UTF-8 bytes, in place. */
    Binary readBinary() {
        int length = readInt();
        Binary value = Binary.fromConstantByteArray(block, position, length);
        position += length;
        return value;
    }
}
