package io.zeekpipeline.normalize;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.kafka.ConsumedRecord;
import io.zeekpipeline.model.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.MAPPER;
import static io.zeekpipeline.normalize.ZeekFixtures.TOPIC;
import static io.zeekpipeline.normalize.ZeekFixtures.fieldNames;
import static io.zeekpipeline.normalize.ZeekFixtures.json;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTypeDetectorTest {

    private static final int MAX_BYTES = 200;

    private final LogTypeDetector detector = new LogTypeDetector(MAPPER, rules(), MAX_BYTES, new PipelineMetrics());

    private ZeekEvent detect(String singleQuoted) {
        return detector.detect(utf8(json(singleQuoted)), TOPIC, 0, 7);
    }

    /** Runs the processor as the route does and expects a rejection whose message contains {@code reason}. */
    private void assertRejected(byte[] value, String reason) {
        Exchange exchange = consumed(value);
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> detector.process(exchange));
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
        assertEquals("example.com", event.raw().get("query").asText());
    }

    @Test
    void copiesEnvelopeExtrasIntoTheRecordUnlessZeekHasTheName() {
        ZeekEvent event = detect("{'dns': {'ts': 1.5, 'query': 'inner.example'}, 'sensor': 's1', 'query': 'outer'}");

        assertEquals("dns", event.logType());
        assertEquals("s1", event.raw().get("sensor").asText());
        assertEquals("inner.example", event.raw().get("query").asText());
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
        ZeekEvent event = detector.detect(value, TOPIC, 3, 42);

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

        assertEquals("conn", exchange.getIn().getHeader(ZeekHeaders.LOG_TYPE));
    }

    @Test
    void rejectsAJsonArray() {
        assertRejected(utf8("[1,2,3]"), "not an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", ".hidden", "a\\\\b", "conn log"})
    void rejectsAFlatLogTypeThatIsNotASafeName(String name) {
        assertRejected(utf8("{\"_path\":\"" + name + "\",\"ts\":1.5}"), "is not a safe name");
    }

    @Test
    void rejectsAnEnvelopeTagThatIsNotASafeName() {
        assertRejected(utf8(json("{'../x': {'ts': 1.5}}")), "is not a safe name");
    }

    @Test
    void mapsAFilterSuffixToTheLogTypeWhenThatHasARule() {
        assertEquals("conn", detect("{'_path': 'conn-2', 'ts': 1.5}").logType());
        assertEquals("vendor-2", detect("{'_path': 'vendor-2', 'ts': 1.5}").logType());
    }

    @Test
    void keepsEveryDigitOfIntegersAbove2To53() {
        ZeekEvent event = detect("{'_path': 'conn', 'ts': 1.5, 'orig_bytes': 18446744073709551615,"
                                 + " 'resp_bytes': 9007199254740993}");

        assertEquals(new BigInteger("18446744073709551615"), event.raw().get("orig_bytes").bigIntegerValue());
        assertEquals(9007199254740993L, event.raw().get("resp_bytes").longValue());
        assertTrue(event.raw().toString().contains("\"orig_bytes\":18446744073709551615"));
        assertTrue(event.raw().toString().contains("\"resp_bytes\":9007199254740993"));
    }

    @Test
    void setsTheEventAndLogTypeHeadersOnTheExchange() {
        Exchange exchange = ZeekFixtures.exchangeWith(utf8(json("{'conn': {'ts': 1.5}}")));
        ConsumedRecord record = new ConsumedRecord(TOPIC, 2, 99L);
        exchange.getIn().setHeader(ZeekHeaders.RECORD, record);

        detector.process(exchange);

        ZeekEvent event = exchange.getIn().getBody(ZeekEvent.class);
        assertSame(event, record.event());
        assertEquals("zeek-raw-2-99", event.eventId());
        assertEquals("conn", exchange.getIn().getHeader(ZeekHeaders.LOG_TYPE));
        assertEquals(Boolean.TRUE, exchange.getIn().getHeader(ZeekHeaders.LOG_TYPE_KNOWN));
    }

    @Test
    void marksALogTypeWithoutARuleAsUnknown() {
        Exchange exchange = consumed(utf8(json("{'vendor_quic': {'ts': 1.5}}")));
        detector.process(exchange);

        assertEquals("vendor_quic", exchange.getIn().getHeader(ZeekHeaders.LOG_TYPE));
        assertFalse(exchange.getIn().getHeader(ZeekHeaders.LOG_TYPE_KNOWN, Boolean.class));
    }

    @Test
    void readsOneZeekTsvRecordWithItsHeaderBlock() {
        String tsv = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\torig_bytes\n#types\ttime\tstring\tcount\n"
                     + "1521911720.865716\tCx\t1713\n";
        ZeekEvent event = detector.detect(utf8(tsv), TOPIC, 0, 1);
        assertEquals("conn", event.logType());
        assertEquals(1713, event.raw().get("orig_bytes").longValue());
        assertEquals("Cx", event.raw().get("uid").textValue());
    }

    @Test
    void rejectsATsvMessageWithMoreThanOneRecord() {
        String tsv = "#separator \\x09\n#path\tconn\n#fields\tts\n#types\ttime\n1.0\n2.0\n";
        assertThrows(InvalidMessageException.class, () -> detector.detect(utf8(tsv), TOPIC, 0, 1));
    }

    /** An exchange as the ingest route hands it to the detector: the message body and its source. */
    private static Exchange consumed(Object body) {
        Exchange exchange = ZeekFixtures.exchangeWith(body);
        exchange.getIn().setHeader(ZeekHeaders.RECORD, new ConsumedRecord(TOPIC, 0, 0L));
        return exchange;
    }
}
