package io.zeekpipeline.parquet.rows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One Parquet row being encoded, reused from row to row: each column is a presence byte and, when
 * present, its value (integers as zigzag varints, doubles as 8 bytes, strings as a length and
 * UTF-8, lists as a count and their elements). {@link RowReader} reads it back. The format lives
 * only in memory between the consumer thread and the file writer. Not thread-safe.
 */
public final class RowBuffer {

    static final byte NULL = 0;
    static final byte PRESENT = 1;
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int INITIAL_BYTES = 1024;
    /** Past this, a buffer one large row grew is dropped at the next reset: a reused buffer stays small. */
    private static final int KEPT_BYTES = 64 * 1024;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int size;

    public void reset() {
        size = 0;
        if (buf.length > KEPT_BYTES) {
            buf = new byte[INITIAL_BYTES];
        }
    }

    /** The internal array; the row is its first {@link #size()} bytes. */
    byte[] buf() {
        return buf;
    }

    int size() {
        return size;
    }

    void writeNull() {
        ensure(1);
        buf[size++] = NULL;
    }

    void writePresent() {
        ensure(1);
        buf[size++] = PRESENT;
    }

    void writeLong(long value) {
        ensure(10);
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeDouble(double value) {
        ensure(8);
        LONG_LE.set(buf, size, Double.doubleToRawLongBits(value));
        size += 8;
    }

    void writeBoolean(boolean value) {
        ensure(1);
        buf[size++] = (byte) (value ? 1 : 0);
    }

    void writeString(String value) {
        int length = value.length();
        int start = size;
        writeLong(length);
        ensure(length);
        int p = size;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                // not ASCII: the UTF-8 length differs from the char count
                size = start;
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                writeLong(utf8.length);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, buf, size, utf8.length);
                size += utf8.length;
                return;
            }
            buf[p++] = (byte) c;
        }
        size = p;
    }

    /** A string given as its UTF-8 bytes, {@code from} inclusive to {@code to} exclusive. */
    void writeUtf8(byte[] utf8, int from, int to) {
        int length = to - from;
        writeLong(length);
        ensure(length);
        System.arraycopy(utf8, from, buf, size, length);
        size += length;
    }

    /** Drops what was written after the first {@code length} bytes. */
    void truncate(int length) {
        size = length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
