package io.zeekpipeline.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON value where it stands in a message: the message bytes (not copied) and the value's span in
 * them, as {@link JsonScanner} found them; its kind is told by its first byte, and a string with an
 * escape sequence keeps its end negated, so that a value (one per field of every record) takes 24 bytes,
 * not 32. A value is read from its bytes only when a
 * step asks for it, and is written out by copying them, so a field that only passes through costs
 * no objects. Immutable; thread-safe as long as the bytes are not changed.
 */
public final class JsonValue {

    /** The JSON kinds. */
    public enum Kind { STRING, NUMBER, TRUE, FALSE, NULL, ARRAY, OBJECT }

    /** Doubles up to 2^53 with at most 22 decimal places are exact in one division (the fast path of Clinger). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22};
    private static final long MAX_EXACT = 1L << 53;
    private static final ObjectMapper MAPPER = ZeekJson.mapper();

    private final byte[] source;
    private final int start;
    /** The end, negated for a string with an escape sequence (whose bytes between the quotes are not its text). */
    private final int signedEnd;

    /** The value at {@code start} to {@code end} of {@code source}, which must be valid JSON there. */
    JsonValue(byte[] source, int start, int end, boolean escaped) {
        this.source = source;
        this.start = start;
        this.signedEnd = escaped ? -end : end;
    }

    /** A JSON string holding {@code text}, for values the pipeline adds itself. */
    public static JsonValue ofText(String text) {
        JsonWriter writer = new JsonWriter(text.length() + 8);
        writer.string(text);
        byte[] json = writer.toByteArray();
        boolean escaped = false;
        for (byte b : json) {
            escaped |= b == '\\';
        }
        return new JsonValue(json, 0, json.length, escaped);
    }

    public Kind kind() {
        return switch (source[start]) {
            case '"' -> Kind.STRING;
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case 't' -> Kind.TRUE;
            case 'f' -> Kind.FALSE;
            // null, or Bro's nan
            case 'n' -> source[start + 1] == 'u' ? Kind.NULL : Kind.NUMBER;
            default -> Kind.NUMBER;
        };
    }

    public boolean isNull() {
        return source[start] == 'n' && source[start + 1] == 'u';
    }

    /** The bytes the value lies in; its JSON text is {@link #start()} (inclusive) to {@link #end()} (exclusive). */
    public byte[] source() {
        return source;
    }

    public int start() {
        return start;
    }

    public int end() {
        return Math.abs(signedEnd);
    }

    private boolean escaped() {
        return signedEnd < 0;
    }

    /** True for a string whose UTF-8 text is the bytes between its quotes (no escape sequence). */
    public boolean isPlainString() {
        return source[start] == '"' && !escaped();
    }

    /** True for a string without escape sequence whose text is {@code ascii} (which must be ASCII). */
    public boolean isText(String ascii) {
        if (source[start] != '"' || escaped() || signedEnd - start - 2 != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (source[start + 1 + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A number without fraction or exponent (not {@code inf}, {@code -inf} or {@code nan}). */
    public boolean isIntegral() {
        if (kind() != Kind.NUMBER) {
            return false;
        }
        for (int i = start; i < signedEnd; i++) {
            byte b = source[i];
            // 'n' is in inf, -inf and nan
            if (b == '.' || b == 'e' || b == 'E' || b == 'n') {
                return false;
            }
        }
        return true;
    }

    /** An integral number within the range of a long. */
    public boolean fitsLong() {
        if (!isIntegral()) {
            return false;
        }
        int digits = signedEnd - start - (source[start] == '-' ? 1 : 0);
        if (digits < 19) {
            return true;
        }
        try {
            Long.parseLong(json());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The value of an integral number that {@link #fitsLong() fits a long}. */
    public long longValue() {
        boolean negative = source[start] == '-';
        long value = 0;
        for (int i = negative ? start + 1 : start; i < signedEnd; i++) {
            value = value * 10 - (source[i] - '0');
        }
        return negative ? value : -value;
    }

    /**
     * The value of a number, rounded to the nearest double as {@link Double#parseDouble} does ({@code inf},
     * {@code -inf} and {@code nan} are the non-finite doubles); other
     * forms than up to 15 significant digits without exponent go to Jackson's fast parser.
     */
    public double doubleValue() {
        int i = start;
        boolean negative = source[i] == '-';
        if (negative) {
            i++;
        }
        if (source[i] == 'i') {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (source[i] == 'n') {
            return Double.NaN;
        }
        long mantissa = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < signedEnd; i++) {
            byte b = source[i];
            if (b == '.') {
                fraction = true;
            } else if (b >= '0' && b <= '9' && mantissa < MAX_EXACT / 10) {
                mantissa = mantissa * 10 + (b - '0');
                if (fraction) {
                    scale++;
                }
            } else {
                // an exponent, or more digits than a double holds exactly: the general routine
                return NumberInput.parseDouble(json(), true);
            }
        }
        if (scale >= POWERS_OF_TEN.length) {
            return NumberInput.parseDouble(json(), true);
        }
        double value = mantissa / POWERS_OF_TEN[scale];
        return negative ? -value : value;
    }

    /** The text of a string; for any other kind its JSON text ({@code 53}, {@code true}, {@code [1,2]}). */
    public String text() {
        if (source[start] != '"') {
            return json();
        }
        if (!escaped()) {
            return new String(source, start + 1, signedEnd - start - 2, StandardCharsets.UTF_8);
        }
        return toNode().textValue();
    }

    /** The value's JSON text as it stands in the message. */
    public String json() {
        return new String(source, start, end() - start, StandardCharsets.UTF_8);
    }

    /** The elements of an array; empty for any other kind. */
    public List<JsonValue> elements() {
        return source[start] == '[' ? JsonScanner.elements(this) : List.of();
    }

    /** The value as a Jackson tree, for the few places that need one (tests, error messages). */
    public JsonNode toNode() {
        try {
            return MAPPER.readTree(source, start, end() - start);
        } catch (IOException e) {
            throw new UncheckedIOException("a scanned JSON value no longer parses", e);
        }
    }

    @Override
    public String toString() {
        return json();
    }
}
