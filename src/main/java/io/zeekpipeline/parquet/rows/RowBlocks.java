package io.zeekpipeline.parquet.rows;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoded rows back to back in blocks that grow from 1 KiB to 64 KiB, each block holding whole rows:
 * a chunk of a few rows stays small, an open batch takes over its chunks' blocks, no block is
 * large enough to be a humongous object for G1, and a reader decodes each row from one array.
 * Not thread-safe.
 */
public final class RowBlocks {

    private static final int FIRST_BLOCK = 1024;
    private static final int LARGEST_BLOCK = 64 * 1024;

    /** A block and how many of its bytes hold rows. */
    static final class Block {
        private final byte[] bytes;
        private int used;

        Block(int size) {
            this.bytes = new byte[size];
        }

        byte[] bytes() {
            return bytes;
        }

        int used() {
            return used;
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private Block current;

    /** Appends one encoded row. */
    public void add(RowBuffer row) {
        put(row.buf(), row.size());
    }

    /**
     * Moves every row of {@code other} to the end, in order; {@code other} is not used afterwards.
     * A block that does not fit in the current one is taken over instead of copied, so most rows
     * are copied once on their way to a file, not twice.
     */
    public void append(RowBlocks other) {
        for (Block block : other.blocks) {
            if (current != null && current.bytes.length - current.used >= block.used) {
                put(block.bytes, block.used);
            } else {
                blocks.add(block);
                current = block;
            }
        }
    }

    /** Reads the rows added so far, in order. */
    public RowReader reader() {
        return new RowReader(List.copyOf(blocks));
    }

    /** Copies whole rows into the current block, or into a new one when they do not fit. */
    private void put(byte[] rows, int length) {
        if (current == null || current.bytes.length - current.used < length) {
            int grown = current == null ? FIRST_BLOCK : Math.min(LARGEST_BLOCK, current.bytes.length * 2);
            current = new Block(Math.max(grown, length));
            blocks.add(current);
        }
        System.arraycopy(rows, 0, current.bytes, current.used, length);
        current.used += length;
    }
}
