package io.zeekpipeline.parquet;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded rows back to back in blocks that grow from 1 KiB to 64 KiB: a chunk of a few rows stays
 * small, an open batch grows without copying what it holds, and no block is large enough to be a
 * humongous object for G1 (which made a doubling byte array the main cost of garbage collection).
 * Not thread-safe.
 */
final class RowBlocks extends OutputStream {

    private static final int FIRST_BLOCK = 1024;
    private static final int LARGEST_BLOCK = 64 * 1024;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[FIRST_BLOCK];
    private int used;

    @Override
    public void write(int b) {
        if (used == current.length) {
            nextBlock();
        }
        current[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (used == current.length) {
                nextBlock();
            }
            int n = Math.min(length, current.length - used);
            System.arraycopy(bytes, offset, current, used, n);
            used += n;
            offset += n;
            length -= n;
        }
    }

    /** Appends every byte of {@code other}. */
    void append(RowBlocks other) {
        for (byte[] block : other.full) {
            write(block, 0, block.length);
        }
        write(other.current, 0, other.used);
    }

    /** Reads the bytes written so far, in order. */
    InputStream reader() {
        List<byte[]> blocks = new ArrayList<>(full);
        int lastLength = used;
        blocks.add(current);
        return new InputStream() {
            private int block;
            private int position;

            @Override
            public int read() {
                if (!advance()) {
                    return -1;
                }
                return blocks.get(block)[position++] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (!advance()) {
                    return -1;
                }
                int n = Math.min(length, limit() - position);
                System.arraycopy(blocks.get(block), position, into, offset, n);
                position += n;
                return n;
            }

            private int limit() {
                return block == blocks.size() - 1 ? lastLength : blocks.get(block).length;
            }

            private boolean advance() {
                while (position == limit()) {
                    if (block == blocks.size() - 1) {
                        return false;
                    }
                    block++;
                    position = 0;
                }
                return true;
            }
        };
    }

    private void nextBlock() {
        full.add(current);
        current = new byte[Math.min(LARGEST_BLOCK, current.length * 2)];
        used = 0;
    }
}
