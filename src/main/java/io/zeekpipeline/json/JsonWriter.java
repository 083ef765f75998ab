package io.zeekpipeline.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes JSON objects as UTF-8 into one growing buffer, reused from document to document: scanned
 * values are copied as their bytes stand, member names come from a cache of their encoded form.
 * Not thread-safe (the name cache is).
 */
public final class JsonWriter {

    /** Names kept encoded, up to this many: sensors send few distinct names, a broken one may send endless ones. */
    private static final int MAX_NAMES = 4096;
    private static final Map<String, byte[]> ENCODED_NAMES = new ConcurrentHashMap<>();
    /**
     * The name last encoded in each hash slot, checked by identity (the scanner hands out one string
     * per name) before the map: a racy cache, where a lost or stale slot only costs a map lookup.
     */
    private static final EncodedName[] RECENT_NAMES = new EncodedName[1024];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** 10^0 to 10^18: a long of n digits is below 10^n. */
    private static final long[] POWERS_OF_TEN = new long[19];
    /** The tens and the ones digit of 0 to 99. */
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private record EncodedName(String name, byte[] bytes) {
    }

    /** Past this, a buffer one large document grew is dropped at the next reset: a reused writer stays small. */
    private static final int KEPT_BYTES = 64 * 1024;

    private final int capacity;
    private byte[] buf;
    private int size;
    /** Bit n set: the object open at depth n has a member already, so the next one needs a comma. */
    private long hasMembers;
    private int depth;

    public JsonWriter(int capacity) {
        this.capacity = Math.max(16, capacity);
        this.buf = new byte[this.capacity];
    }

    /** Empties the buffer for the next document (a buffer grown past 64 KiB goes back to the first capacity). */
    public void reset() {
        if (buf.length > KEPT_BYTES) {
            buf = new byte[capacity];
        }
        size = 0;
        depth = 0;
        hasMembers = 0;
    }

    public int size() {
        return size;
    }

    /** The internal buffer; the document is its first {@link #size()} bytes. */
    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public JsonWriter startObject() {
        if (depth >= Long.SIZE - 1) {
            throw new IllegalStateException("objects nested too deep");
        }
        put((byte) '{');
        depth++;
        hasMembers &= ~(1L << depth);
        return this;
    }

    public JsonWriter endObject() {
        put((byte) '}');
        depth--;
        return this;
    }

    /** Starts a member: its name and colon, after a comma when it is not the object's first. */
    public JsonWriter name(String name) {
        long bit = 1L << depth;
        if ((hasMembers & bit) != 0) {
            put((byte) ',');
        }
        hasMembers |= bit;
        int slot = name.hashCode() & (RECENT_NAMES.length - 1);
        EncodedName recent = RECENT_NAMES[slot];
        byte[] encoded;
        if (recent != null && recent.name() == name) {
            encoded = recent.bytes();
        } else {
            encoded = ENCODED_NAMES.get(name);
            if (encoded == null) {
                encoded = encodeName(name);
                if (ENCODED_NAMES.size() < MAX_NAMES) {
                    ENCODED_NAMES.put(name, encoded);
                }
            }
            RECENT_NAMES[slot] = new EncodedName(name, encoded);
        }
        put(encoded, 0, encoded.length);
        return this;
    }

    /** A scanned value, copied as it stands in its message. */
    public JsonWriter value(JsonValue value) {
        put(value.source(), value.start(), value.end());
        return this;
    }

    /** Printable ASCII other than a quote or a backslash: written as it is. */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }

    public JsonWriter string(String text) {
        int length = text.length();
        ensure(length + 2);
        byte[] b = buf;
        int at = size;
        b[at++] = '"';
        // the usual text, printable ASCII, goes straight in: room for it was made above
        int i = 0;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (!isPlain(c)) {
                break;
            }
            b[at++] = (byte) c;
        }
        size = at;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (isPlain(c)) {
                put((byte) c);
            } else if (c < 0x80) {
                escape(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                put((byte) (0xF0 | code >> 18));
                put((byte) (0x80 | (code >> 12 & 0x3F)));
                put((byte) (0x80 | (code >> 6 & 0x3F)));
                put((byte) (0x80 | (code & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                // a lone surrogate has no UTF-8 form; String.getBytes writes '?' too
                put((byte) '?');
            } else if (c < 0x800) {
                put((byte) (0xC0 | c >> 6));
                put((byte) (0x80 | (c & 0x3F)));
            } else {
                put((byte) (0xE0 | c >> 12));
                put((byte) (0x80 | (c >> 6 & 0x3F)));
                put((byte) (0x80 | (c & 0x3F)));
            }
        }
        put((byte) '"');
        return this;
    }

    /** A finite double as Java prints it, which is a JSON number ({@code 51.5142}, {@code 1.0E-7}). */
    public JsonWriter number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no number " + value);
        }
        byte[] text = Double.toString(value).getBytes(StandardCharsets.US_ASCII);
        put(text, 0, text.length);
        return this;
    }

    public JsonWriter number(long value) {
        if (value == Long.MIN_VALUE) {
            byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            put(text, 0, text.length);
            return this;
        }
        ensure(20);
        long v = value;
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && v >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        // two digits per division from the right: times are 13 to 16 digits, each digit a division was
        // the output JSON's largest cost after copying
        int at = size + digits;
        while (v >= 100) {
            long quotient = v / 100;
            int pair = (int) (v - quotient * 100);
            buf[--at] = DIGIT_ONES[pair];
            buf[--at] = DIGIT_TENS[pair];
            v = quotient;
        }
        int last = (int) v;
        buf[--at] = DIGIT_ONES[last];
        if (last >= 10) {
            buf[--at] = DIGIT_TENS[last];
        }
        size += digits;
        return this;
    }

    public JsonWriter bool(boolean value) {
        byte[] text = value ? TRUE : FALSE;
        put(text, 0, text.length);
        return this;
    }

    public JsonWriter nullValue() {
        put(NULL, 0, NULL.length);
        return this;
    }

    private static byte[] encodeName(String name) {
        JsonWriter writer = new JsonWriter(name.length() + 4);
        writer.string(name);
        writer.put((byte) ':');
        return writer.toByteArray();
    }

    private void escape(char c) {
        put((byte) '\\');
        switch (c) {
            case '"', '\\' -> put((byte) c);
            case '\n' -> put((byte) 'n');
            case '\r' -> put((byte) 'r');
            case '\t' -> put((byte) 't');
            default -> {
                put((byte) 'u');
                put((byte) '0');
                put((byte) '0');
                put(HEX[c >> 4]);
                put(HEX[c & 0xF]);
            }
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void put(byte[] bytes, int from, int to) {
        int length = to - from;
        ensure(length);
        System.arraycopy(bytes, from, buf, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
