package io.zeekpipeline.normalize;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** Converts Zeek time values (epoch seconds, epoch milliseconds, ISO-8601 text) to epoch microseconds. Stateless. */
public final class EventTimes {

    /**
     * Integers above this are milliseconds (JSON::TS_MILLIS): as seconds they would lie past the year
     * 5000, as milliseconds it is March 1973.
     */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** Times are kept within the years 0001-9999, which every Parquet reader can show. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private EventTimes() {
    }

    /** Microseconds since the epoch; throws {@link InvalidMessageException} for a value that is not a time. */
    public static long toMicros(JsonNode value) {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new InvalidMessageException("time value " + value + " is out of range");
            }
            long n = value.asLong();
            return Math.abs(n) >= MILLIS_THRESHOLD ? checked(n / 1_000L, n * 1_000L) : checked(n, n * 1_000_000L);
        }
        if (value.isNumber()) {
            return secondsToMicros(value.asDouble());
        }
        if (value.isTextual()) {
            return parseText(value.asText());
        }
        throw new InvalidMessageException("time value " + value + " is neither a number nor ISO-8601 text");
    }

    public static long secondsToMicros(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new InvalidMessageException("time value " + seconds + " is not finite");
        }
        return checked((long) Math.floor(seconds), Math.round(seconds * 1_000_000d));
    }

    private static long parseText(String text) {
        try {
            Instant instant = Instant.parse(text);
            return checked(instant.getEpochSecond(), instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L);
        } catch (DateTimeParseException e) {
            try {
                return secondsToMicros(Double.parseDouble(text));
            } catch (NumberFormatException notNumeric) {
                throw new InvalidMessageException("time value '" + text + "' is neither epoch seconds nor ISO-8601", e);
            }
        }
    }

    /** The micros when {@code seconds} lies in the supported range (checked before the micros can overflow). */
    private static long checked(long seconds, long micros) {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new InvalidMessageException("time value of " + seconds + " s since 1970 is outside the years 1-9999");
        }
        return micros;
    }
}
