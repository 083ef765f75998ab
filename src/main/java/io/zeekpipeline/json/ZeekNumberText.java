package io.zeekpipeline.json;

import java.util.regex.Pattern;

/**
 * The forms Zeek writes numbers in as text: checked before Java's parsers read them, as those also
 * take what Zeek never writes ({@code 0x1p30}, {@code 1e5f}, {@code 1767225600d}, {@code NaN},
 * {@code Infinity}, a leading '+', surrounding whitespace) and would turn a broken value into a
 * plausible one. Stateless.
 */
public final class ZeekNumberText {

    /** Decimal with optional fraction and exponent, as Zeek's JSON and TSV writers print doubles. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private ZeekNumberText() {
    }

    /** True for {@code 1767225600}, {@code -1.5}, {@code 2.385616957e+09}; false for any other text. */
    public static boolean isDecimal(String text) {
        return DECIMAL.matcher(text).matches();
    }

    /** True for an optional '-' and decimal digits only. */
    public static boolean isInteger(String text) {
        return INTEGER.matcher(text).matches();
    }
}
