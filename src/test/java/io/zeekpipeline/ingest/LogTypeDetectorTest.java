package io.zeekpipeline.ingest;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.InvalidMessageException;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.RejectedRecord;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.normalize.ZeekFixtures;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.MAPPER;
import static io.zeekpipeline.normalize.ZeekFixtures.fieldNames;
import static io.zeekpipeline.normalize.ZeekFixtures.json;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTypeDetectorTest {

    private static final int MAX_BYTES = 200;

    private final LogTypeDetector detector = new LogTypeDetector(MAPPER, rules(), MAX_BYTES, new PipelineMetrics());

    private ZeekEvent detect(String singleQuoted) {
        return detector.detect(ZeekFixtures.record(utf8(json(singleQuoted)), 0, 7));
    }

    /** Runs the processor as the route does and expects a rejection whose message contains {@code reason}. */
    private void assertRejected(byte[] value, String reason) {
        Exchange exchange = consumed(value);
        detector.process(exchange);

        assertEquals(List.of(), exchange.getIn().getBody(List.class), "no group");
        List<RejectedRecord> rejects = Rejects.of(exchange).getRecords();
        assertEquals(1, rejects.size());
        Exception e = rejects.get(0).cause();
        assertInstanceOf(InvalidMessageException.class, e);
        assertTrue(e.getMessage().contains(reason), () -> "message '" + e.getMessage() + "' lacks '" + reason + "'");
    }

    /** A valid flat conn record of exactly {@code size} bytes. */
    private static byte[] flatRecordOfSize(int size) {
        String head = "{\"_path\":\"conn\",\"pad\":\"";
        String tail = "\"}";
        return utf8(head + "x".repeat(size - head.length() - tail.length()) + tail);
    }

    @Test
    void detectsTheLogTypeOfATaggedEnvelope() {
        ZeekEvent event = detect("{'dns': {'ts': 1521911720.865716, 'query': 'example.com'}}");

        assertEquals("dns", event.logType());
        assertEquals(List.of("ts", "query"), fieldNames(event.raw()));
        assertEquals("example.com", event.raw().get("query").text());
    }

    @Test
    void copiesEnvelopeExtrasIntoTheRecordUnlessZeekHasTheName() {
        ZeekEvent event = detect("{'dns': {'ts': 1.5, 'query': 'inner.example'}, 'sensor': 's1', 'query': 'outer'}");

        assertEquals("dns", event.logType());
        assertEquals("s1", event.raw().get("sensor").text());
        assertEquals("inner.example", event.raw().get("query").text());
        assertEquals(List.of("ts", "query", "sensor"), fieldNames(event.raw()));
    }

    @Test
    void detectsTheLogTypeOfAFlatRecordFromPath() {
        ZeekEvent event = detect("{'_path': 'ssh', 'ts': 1.5, 'uid': 'C1'}");

        assertEquals("ssh", event.logType());
        assertEquals(List.of("ts", "uid"), fieldNames(event.raw()));
    }

    @Test
    void prefersLogTypeOverPathAndRemovesBothFromTheRecord() {
        ZeekEvent event = detect("{'_path': 'conn', 'log_type': 'ssl', 'ts': 1.5}");

        assertEquals("ssl", event.logType());
        assertEquals(List.of("ts"), fieldNames(event.raw()));
    }

    @Test
    void keepsTheMessageCoordinatesAndOriginalBytes() {
        byte[] value = utf8(json("{'_path': 'conn', 'ts': 1.5}"));
        ZeekEvent event = detector.detect(ZeekFixtures.record(value, 3, 42));

        assertEquals("zeek-raw-3-42", event.eventId());
        assertSame(value, event.original());
    }

    @Test
    void rejectsAnEnvelopeWithTwoObjectMembers() {
        assertRejected(utf8(json("{'dns': {'ts': 1.5}, 'conn': {'ts': 1.5}}")), "more than one object member");
    }

    @Test
    void rejectsARecordWithoutALogType() {
        assertRejected(utf8(json("{'ts': 1.5, 'uid': 'C1'}")), "no log type");
    }

    @Test
    void rejectsMalformedJson() {
        assertRejected(utf8("{not json"), "malformed JSON");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(utf8("{\"_path\":\"conn\",\"ts\":1.5,\"query\":\""));
        value.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        value.writeBytes(utf8("\"}"));

        assertRejected(value.toByteArray(), "malformed JSON");
    }

    @Test
    void rejectsAnEmptyMessage() {
        assertRejected(new byte[0], "empty message");
    }

    @Test
    void rejectsAMessageOverTheSizeLimit() {
        assertRejected(flatRecordOfSize(MAX_BYTES + 1), "exceeds the limit");
    }

    @Test
    void acceptsAMessageOfExactlyTheSizeLimit() {
        Exchange exchange = consumed(flatRecordOfSize(MAX_BYTES));
        detector.process(exchange);

        assertEquals("conn", groups(exchange).get(0).getLogType());
    }

    @Test
    void rejectsAJsonArray() {
        assertRejected(utf8("[1,2,3]"), "not an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a/../b", "a\\\\b", "conn log", "conn.log", "caf\u00e9", "\u212Aonn", "conn:2"})
    void rejectsAFlatLogTypeWithOtherCharacters(String name) {
        assertRejected(utf8("{\"log_type\":\"" + name + "\",\"ts\":1.5}"),
                "log type '" + name.replace("\\\\", "\\")
                        + "' breaks the name rule: only ASCII letters, digits, '_' and '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_default", "_tmp", ".hidden", "-x", "../x", ".."})
    void rejectsALogTypeThatQueryEnginesWouldSkipAsHidden(String name) {
        assertRejected(utf8(json("{'" + name + "': {'ts': 1.5}}")),
                "log type '" + name + "' breaks the name rule: it must start with a letter or digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"con", "PRN", "Aux", "nul", "com1", "COM9", "lpt1", "lpt9"})
    void rejectsAReservedDeviceName(String name) {
        assertRejected(utf8(json("{'_path': '" + name + "', 'ts': 1.5}")),
                "log type '" + name + "' breaks the name rule: it is a reserved device name");
    }

    @Test
    void rejectsALogTypeLongerThanTheRule() {
        String name = "a".repeat(65);
        assertRejected(utf8(json("{'_path': '" + name + "'}")), "breaks the name rule: more than 64 characters");
        assertEquals("a".repeat(64), detect("{'_path': '" + "a".repeat(64) + "', 'ts': 1.5}").logType());
    }

    @Test
    void lowerCasesTheLogTypeSoNamesDifferingInCaseShareOneFolder() {
        assertEquals("conn", detect("{'CONN': {'ts': 1.5}}").logType());
        assertEquals("dns", detect("{'_path': 'Dns', 'ts': 1.5}").logType());
        assertEquals("vendor_quic", detect("{'log_type': 'Vendor_QUIC', 'ts': 1.5}").logType());
        assertEquals(List.of("com0", "com10", "console", "lpt", "nul_x"),
                List.of("com0", "com10", "console", "lpt", "nul_x").stream()
                        .map(name -> detect("{'_path': '" + name + "', 'ts': 1.5}").logType()).toList());
    }

    @Test
    void mapsAFilterSuffixToTheLogTypeWhenThatHasARule() {
        assertEquals("conn", detect("{'_path': 'conn-2', 'ts': 1.5}").logType());
        assertEquals("conn", detect("{'_path': 'Conn-3', 'ts': 1.5}").logType());
        assertEquals("vendor-2", detect("{'_path': 'vendor-2', 'ts': 1.5}").logType());
    }

    @Test
    void rejectsARepeatedKeyInTheRecordNamingIt() {
        assertRejected(utf8(json("{'conn': {'ts': 1767225600.5, 'uid': 'D01', 'uid': 'D01b'}}")),
                "duplicate key 'uid' at byte ");
        assertRejected(utf8(json("{'_path': 'conn', 'ts': 1767225600.5, 'uid': 'D01', 'ts': 0}")),
                "duplicate key 'ts' at byte ");
    }

    @Test
    void rejectsARepeatedKeyInTheEnvelopeNamingIt() {
        assertRejected(utf8(json("{'conn': {'ts': 1.5}, 'sensor': 's1', 'sensor': 's2'}")), "duplicate key 'sensor'");
        assertRejected(utf8(json("{'conn': {'ts': 1.5}, 'conn': {'ts': 0}}")), "duplicate key 'conn'");
    }

    @Test
    void shortensARepeatedKeyInTheReason() {
        String name = "k".repeat(70);
        assertRejected(utf8(json("{'_path': 'conn', '" + name + "': 1, '" + name + "': 2}")),
                "duplicate key '" + "k".repeat(64) + "...' at byte ");
    }

    @Test
    void rejectsAnEscapedSurrogateWithoutItsPair() {
        assertRejected(utf8("{\"conn\": {\"ts\": 1.5, \"query\": \"a\\ud800b\"}}"),
                "malformed JSON: unpaired surrogate escape \\ud800");
    }

    @Test
    void keepsEveryDigitOfIntegersAbove2To53() {
        ZeekEvent event = detect("{'_path': 'conn', 'ts': 1.5, 'orig_bytes': 18446744073709551615,"
                                 + " 'resp_bytes': 9007199254740993}");

        assertEquals(new BigInteger("18446744073709551615"), event.raw().get("orig_bytes").toNode().bigIntegerValue());
        assertEquals(9007199254740993L, event.raw().get("resp_bytes").longValue());
        assertEquals("18446744073709551615", event.raw().get("orig_bytes").json());
        assertEquals("9007199254740993", event.raw().get("resp_bytes").json());
    }

    @Test
    void groupsAPollsEventsByLogTypeAndSetsTheRejectsAside() {
        ConsumedRecord conn1 = ZeekFixtures.record(utf8(json("{'conn': {'ts': 1.5}}")), 2, 99L);
        ConsumedRecord dns = ZeekFixtures.record(utf8(json("{'dns': {'ts': 1.5}}")), 2, 100L);
        ConsumedRecord broken = ZeekFixtures.record(utf8("{not json"), 2, 101L);
        ConsumedRecord conn2 = ZeekFixtures.record(utf8(json("{'_path': 'conn', 'ts': 2.5}")), 2, 102L);
        Exchange exchange = ZeekFixtures.pollExchange(List.of(conn1, dns, broken, conn2));

        detector.process(exchange);

        List<LogTypeGroup> groups = groups(exchange);
        assertEquals(List.of("conn", "dns"), groups.stream().map(LogTypeGroup::getLogType).toList());
        assertEquals(List.of("zeek-raw-2-99", "zeek-raw-2-102"),
                groups.get(0).events().stream().map(ZeekEvent::eventId).toList());
        assertSame(conn1, groups.get(0).events().get(0).source());
        assertTrue(groups.get(0).isKnown());
        assertEquals(List.of("conn", "dns"),
                parts(exchange).stream().map(part -> part.getHeader(ZeekHeaders.LOG_TYPE)).toList());
        assertEquals(List.of(true, true),
                parts(exchange).stream().map(part -> part.getHeader(ZeekHeaders.KNOWN_LOG_TYPE)).toList());
        List<RejectedRecord> rejects = Rejects.of(exchange).getRecords();
        assertEquals(1, rejects.size());
        assertSame(broken, rejects.get(0).record());
    }

    @Test
    void marksALogTypeWithoutARuleAsUnknown() {
        Exchange exchange = consumed(utf8(json("{'vendor_quic': {'ts': 1.5}}")));
        detector.process(exchange);

        LogTypeGroup group = groups(exchange).get(0);
        assertEquals("vendor_quic", group.getLogType());
        assertFalse(group.isKnown());
        assertEquals("vendor_quic", parts(exchange).get(0).getHeader(ZeekHeaders.LOG_TYPE));
        assertEquals(false, parts(exchange).get(0).getHeader(ZeekHeaders.KNOWN_LOG_TYPE));
    }

    @Test
    void readsOneZeekTsvRecordWithItsHeaderBlock() {
        String tsv = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\torig_bytes\n#types\ttime\tstring\tcount\n"
                     + "1521911720.865716\tCx\t1713\n";
        ZeekEvent event = detector.detect(ZeekFixtures.record(utf8(tsv), 0, 1));
        assertEquals("conn", event.logType());
        assertEquals(1713, event.raw().get("orig_bytes").longValue());
        assertEquals("Cx", event.raw().get("uid").text());
    }

    @Test
    void rejectsATsvMessageWithMoreThanOneRecord() {
        String tsv = "#separator \\x09\n#path\tconn\n#fields\tts\n#types\ttime\n1.0\n2.0\n";
        ConsumedRecord record = ZeekFixtures.record(utf8(tsv), 0, 1);
        assertThrows(InvalidMessageException.class, () -> detector.detect(record));
    }

    /** An exchange as the ingest route hands it to the detector: a poll of one record. */
    private static Exchange consumed(byte[] value) {
        return ZeekFixtures.pollExchange(List.of(ZeekFixtures.record(value, 0, 0L)));
    }

    /** The messages the split will hand on, one per group. */
    @SuppressWarnings("unchecked")
    private static List<Message> parts(Exchange exchange) {
        return exchange.getIn().getBody(List.class);
    }

    private static List<LogTypeGroup> groups(Exchange exchange) {
        return parts(exchange).stream().map(part -> part.getBody(LogTypeGroup.class)).toList();
    }
}
