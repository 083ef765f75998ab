package io.zeekpipeline.normalize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventTimesTest {

    /** 2018-03-24T17:15:20.865716Z */
    private static final long SAMPLE_MICROS = 1521911720865716L;
    /** 1925-01-19T23:49:33.112616Z */
    private static final long PRE_1970_MICROS = -1418429426887384L;

    /** Microseconds of a JSON value written with single quotes. */
    private static long micros(String singleQuotedJson) {
        return EventTimes.toMicros(tree(singleQuotedJson));
    }

    @Test
    void convertsFractionalEpochSecondsToMicroseconds() {
        assertEquals(SAMPLE_MICROS, micros("1521911720.865716"));
    }

    @Test
    void convertsWholeEpochSeconds() {
        assertEquals(1521911720_000000L, micros("1521911720"));
    }

    @Test
    void readsLargeIntegersAsEpochMilliseconds() {
        assertEquals(1521911720865L * 1000, micros("1521911720865"));
    }

    @Test
    void parsesIso8601Text() {
        assertEquals(SAMPLE_MICROS, micros("'2018-03-24T17:15:20.865716Z'"));
    }

    @Test
    void parsesEpochSecondsGivenAsText() {
        assertEquals(SAMPLE_MICROS, micros("'1521911720.865716'"));
    }

    @Test
    void handlesTimesBefore1970() {
        assertEquals(PRE_1970_MICROS, micros("'1925-01-19T23:49:33.112616Z'"));
        assertEquals(PRE_1970_MICROS, micros("-1418429426.887384"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'abc'", "''", "'NaN'", "true", "{}", "[1]", "18446744073709551615"})
    void rejectsValuesThatAreNoTime(String value) {
        assertThrows(InvalidMessageException.class, () -> micros(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "1e300", "'+999999999-12-31T23:59:59Z'", "'1e300'", "100000000000000000"})
    void rejectsTimesOutsideTheRepresentableRange(String value) {
        assertThrows(InvalidMessageException.class, () -> micros(value));
    }
}
