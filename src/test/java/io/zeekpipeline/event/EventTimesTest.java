package io.zeekpipeline.event;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.normalize.ZeekFixtures;
import io.zeekpipeline.testkit.ZeekSamples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTimesTest {

    /** 2018-03-24T17:15:20.865716Z */
    private static final long SAMPLE_MICROS = 1521911720865716L;
    /** 1925-01-19T23:49:33.112616Z */
    private static final long PRE_1970_MICROS = -1418429426887384L;

    /** Microseconds of a JSON value written with single quotes. */
    private static long micros(String singleQuotedJson) {
        return EventTimes.toMicros(value(singleQuotedJson));
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

    @Test
    void readsZeekIsoTextAsJavaTimeDoesForEveryFractionLength() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String text = DateTimeFormatter.ISO_INSTANT.format(instant);
            int digits = random.nextInt(10);
            String fraction = digits == 0 ? "" : "." + String.format("%09d", instant.getNano()).substring(0, digits);
            String zeekForm = text.substring(0, 19) + fraction + "Z";
            Instant expected = Instant.parse(zeekForm);
            assertEquals(expected.getEpochSecond() * 1_000_000L + expected.getNano() / 1_000L,
                    EventTimes.zeekIsoMicros(zeekForm), zeekForm);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2018-02-30T00:00:00Z", "2018-03-24T24:00:00Z", "2018-03-24T23:59:60Z",
        "2018-03-24T17:15:20.Z", "2018-03-24T17:15:20.8657161234Z", "2018-03-24 17:15:20Z", "2018-03-24T17:15:20+01:00",
        "+2018-03-24T17:15:20Z", "2018-3-24T17:15:20.865716Z", "2018-03-24T17:15:2x.865716Z"})
    void leavesOtherFormsToJavaTime(String text) {
        assertEquals(EventTimes.NOT_ZEEK_ISO, EventTimes.zeekIsoMicros(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'abc'", "''", "'NaN'", "true", "{}", "[1]", "18446744073709551615"})
    void rejectsValuesThatAreNoTime(String value) {
        assertThrows(InvalidMessageException.class, () -> micros(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1p30", "1767225600d", "1767225600D", "1e5f", "NaN", "Infinity", "-Infinity",
        "+1767225600", " 1767225600", "1767225600 ", "1767225600\\n", "1767225600.", ".5", "1e", "1e+", "--1",
        "1_767_225_600", "\\u0661\\u0662"})
    void rejectsTextThatJavaReadsAsANumberButZeekNeverWrites(String text) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> micros("'" + text + "'"));

        String written = value("'" + text + "'").text();
        assertTrue(e.getMessage().contains("'" + written + "'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1767225600, 1767225600000000", "1767225600.5, 1767225600500000", "-1.5, -1500000",
        "1.7672256005e9, 1767225600500000", "1.7672256005E+09, 1767225600500000", "17672256005e-1, 1767225600500000"})
    void readsEpochSecondsTextInZeeksDecimalForms(String text, long expectedMicros) {
        assertEquals(expectedMicros, micros("'" + text + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "1e300", "'+999999999-12-31T23:59:59Z'", "'1e300'",
        "100000000000000000"})
    void rejectsTimesOutsideTheRepresentableRange(String value) {
        assertThrows(InvalidMessageException.class, () -> micros(value));
    }

    /**
     * Zeek held the nearest double of the text; its TSV writer prints that double's exact value rounded to 6
     * decimals. Neither a floating multiplication (…194532.5 → 533) nor rounding the decimal text (1058755 →
     * 105876) gives that.
     */
    @ParameterizedTest
    @CsvSource({"1332008732.1945325, 1332008732194532", "1332008732.1945324, 1332008732194532",
        "1754962523.1058755, 1754962523105875", "1553534732.6368885, 1553534732636889",
        "1304941863.6395545, 1304941863639555", "-1418429426.8873844, -1418429426887384",
        "1332008625.4, 1332008625400000", "1332009187.0, 1332009187000000"})
    void convertsTheDoubleZeekHeldToTheMicrosecondItsTsvWriterPrints(String seconds, long expectedMicros) {
        assertEquals(expectedMicros, micros(seconds));
        assertEquals(expectedMicros, micros("'" + seconds + "'"));
    }

    /** The same records in Zeek's JSON (full double) and TSV (6 decimals): every interval converts to the TSV value. */
    @Test
    void agreesWithZeeksTsvWriterOnEveryIntervalOfTheSameDnsRecords() throws IOException {
        Map<String, String> tsvRtt = new HashMap<>();
        List<String> header = null;
        for (String line : ZeekSamples.bundledLines("tsv/dns.log.gz")) {
            List<String> columns = List.of(line.split("\t", -1));
            if (line.startsWith("#fields")) {
                header = columns.subList(1, columns.size());
            } else if (!line.startsWith("#")) {
                String rtt = columns.get(header.indexOf("rtt"));
                if (!"-".equals(rtt)) {
                    tsvRtt.put(columns.get(header.indexOf("uid")) + " " + columns.get(header.indexOf("ts")), rtt);
                }
            }
        }
        int compared = 0;
        for (String line : ZeekSamples.bundledLines("json/dns.log.gz")) {
            JsonNode record = ZeekFixtures.MAPPER.readTree(line);
            Instant ts = Instant.parse(record.get("ts").textValue());
            String tsv = tsvRtt.get(record.get("uid").textValue() + " "
                                    + String.format("%d.%06d", ts.getEpochSecond(), ts.getNano() / 1000));
            if (tsv != null && record.has("rtt")) {
                String json = line.replaceAll(".*\"rtt\":([-0-9.eE+]+).*", "$1");
                long expected = new BigDecimal(tsv).movePointRight(6).longValueExact();
                assertEquals(expected, micros(json), "rtt " + json + " (TSV " + tsv + ")");
                compared++;
            }
        }
        assertEquals(7756, compared);
    }
}
