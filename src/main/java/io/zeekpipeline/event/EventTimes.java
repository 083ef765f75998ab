package io.zeekpipeline.event;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.json.ZeekNumberText;

/**
 * Converts Zeek time values (epoch seconds, epoch milliseconds, ISO-8601 text) to epoch microseconds, epoch
 * seconds as the microsecond of the double Zeek held ({@link #secondsToMicros}); epoch seconds given as text must
 * have the form Zeek writes ({@link ZeekNumberText#isDecimal}). Stateless.
 */
public final class EventTimes {

    /**
     * Integers above this are milliseconds (JSON::TS_MILLIS): as seconds they would lie past the year
     * 5000, as milliseconds it is March 1973.
     */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** Times are kept within the years 0001-9999, which every Parquet reader can show. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;
    /** What {@link #zeekIsoMicros} returns for text of another form. */
    static final long NOT_ZEEK_ISO = Long.MIN_VALUE;

    private EventTimes() {
    }

    /** Microseconds since the epoch; throws {@link InvalidMessageException} for a value that is not a time. */
    public static long toMicros(JsonValue value) {
        switch (value.kind()) {
            case NUMBER -> {
                if (!value.isIntegral()) {
                    return secondsToMicros(value.doubleValue());
                }
                if (!value.fitsLong()) {
                    throw new InvalidMessageException("time value " + value + " is out of range");
                }
                long n = value.longValue();
                return Math.abs(n) >= MILLIS_THRESHOLD ? checked(n / 1_000L, n * 1_000L) : checked(n, n * 1_000_000L);
            }
            case STRING -> {
                return parseText(value.text());
            }
            default -> throw new InvalidMessageException("time value "
                    + InvalidMessageException.abbreviate(value.json()) + " is neither a number nor ISO-8601 text");
        }
    }

    /**
     * The microseconds of a time Zeek held as this double: its exact binary value rounded to the nearest
     * microsecond, which is what Zeek's TSV writer prints for it ({@code 1332008732.1945325} is the double
     * 1332008732.19453239440…, so …194532 µs). A floating {@code seconds * 1e6} would round twice (…194532.5,
     * then …533), and rounding the decimal text would not give the double Zeek had.
     */
    public static long secondsToMicros(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new InvalidMessageException("time value " + seconds + " is not finite");
        }
        double whole = Math.floor(seconds);
        checked((long) whole, 0);
        // exact: the fraction holds only the low bits of the double
        double fraction = seconds - whole;
        double scaled = fraction * 1_000_000d;
        long micros;
        if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) {
            // the product's rounding error (below 1e-10) cannot cross a half microsecond
            micros = Math.round(scaled);
        } else {
            micros = new BigDecimal(fraction).movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        }
        return (long) whole * 1_000_000L + micros;
    }

    private static long parseText(String text) {
        long micros = zeekIsoMicros(text);
        if (micros != NOT_ZEEK_ISO) {
            return checked(Math.floorDiv(micros, 1_000_000L), micros);
        }
        if (ZeekNumberText.isDecimal(text)) {
            return secondsToMicros(Double.parseDouble(text));
        }
        try {
            Instant instant = Instant.parse(text);
            return checked(instant.getEpochSecond(), instant.getEpochSecond() * 1_000_000L
                    + instant.getNano() / 1_000L);
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException("time value '" + InvalidMessageException.abbreviate(text)
                                              + "' is neither epoch seconds nor ISO-8601", e);
        }
    }

    /**
     * Microseconds of Zeek's ISO-8601 form ({@code 2018-03-24T17:15:21.258458Z}, a fraction of 1-9
     * digits or none), read without java.time's general parser, which cost more than the rest of
     * the event's normalization; {@link #NOT_ZEEK_ISO} for any other text, which then takes the general way.
     */
    static long zeekIsoMicros(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
            || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z'
            || (n > 20 && s.charAt(19) != '.')) {
            return NOT_ZEEK_ISO;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int fraction = n > 20 ? digits(s, 20, n - 21) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
            || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return NOT_ZEEK_ISO;
        }
        long nanos = fraction;
        for (int i = n > 20 ? n - 21 : 9; i < 9; i++) {
            nanos *= 10;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            // e.g. 30 February: the general parser gives the error message
            return NOT_ZEEK_ISO;
        }
        return ((days * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + nanos / 1_000L;
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The micros when {@code seconds} lies in the supported range (checked before the micros can overflow). */
    private static long checked(long seconds, long micros) {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new InvalidMessageException("time value of " + seconds + " s since 1970 is outside the years 1-9999");
        }
        return micros;
    }
}
