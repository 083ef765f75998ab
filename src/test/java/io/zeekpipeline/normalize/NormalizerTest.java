package io.zeekpipeline.normalize;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.InvalidMessageException;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.INGESTED_AT;
import static io.zeekpipeline.normalize.ZeekFixtures.detected;
import static io.zeekpipeline.normalize.ZeekFixtures.fieldNames;
import static io.zeekpipeline.normalize.ZeekFixtures.normalized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizerTest {

    /** The Kafka timestamp of the time-less test records: 2026-01-01T10:00:00.250Z. */
    private static final long ARRIVED_AT_MILLIS = 1767261600250L;

    private static final String CONN = "{'conn': {'ts': 1521911720.865716, 'uid': 'C1', 'id.orig_h': '10.0.0.1',"
                                       + " 'id.orig_p': 40000, 'id.resp_h': '8.8.8.8', 'id.resp_p': 53,"
                                       + " 'proto': 'udp', 'service': 'dns', 'duration': 0.5}}";

    @Test
    void movesEveryPromotedFieldToItsNormalizedName() {
        ZeekEvent event = normalized(CONN);

        assertEquals(List.of("duration"), fieldNames(event.raw()));
        assertEquals(Set.of("flow_id", "src_ip", "src_port", "dst_ip", "dst_port", "protocol", "service",
                "event_type", "event_class"), event.normalized().keySet());
        assertEquals("C1", event.normalized().get("flow_id").text());
        assertEquals("10.0.0.1", event.normalized().get("src_ip").text());
        assertEquals(53, event.normalized().get("dst_port").longValue());
        assertEquals("dns", event.normalized().get("service").text());
    }

    @Test
    void takesTheEventTimeFromTheRecord() {
        assertEquals(1521911720865716L, normalized(CONN).eventTimeMicros());
    }

    @Test
    void addsTheRuleStaticsAsEventTypeAndClass() {
        ZeekEvent event = normalized(CONN);

        assertEquals("network_connection", event.normalized().get(EventFields.EVENT_TYPE).text());
        assertEquals("network", event.normalized().get(EventFields.EVENT_CLASS).text());
    }

    @Test
    void appliesTheDefaultRuleToAnUnknownLogType() {
        ZeekEvent event = normalized("{'vendor_quic': {'ts': 1.5, 'uid': 'C9', 'version': '1'}}");

        assertEquals("vendor_quic", event.normalized().get(EventFields.EVENT_TYPE).text());
        assertEquals("unknown", event.normalized().get(EventFields.EVENT_CLASS).text());
        assertEquals("C9", event.normalized().get("flow_id").text());
        assertEquals(List.of("version"), fieldNames(event.raw()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'conn': {'uid': 'C1'}}", "{'conn': {'ts': null, 'uid': 'C1'}}"})
    void keepsARecordOfAKnownTypeWithoutTimeAtItsArrivalTime(String message) {
        PipelineMetrics metrics = new PipelineMetrics();
        ZeekEvent event = ZeekFixtures.detected(message, 0, ARRIVED_AT_MILLIS);
        new Normalizer(ZeekFixtures.rules(), Clock.systemUTC(), metrics).normalize(event);

        assertEquals(ARRIVED_AT_MILLIS * 1000, event.eventTimeMicros());
        assertEquals("C1", event.normalized().get("flow_id").text());
        assertEquals(Map.of("conn", 1L), metrics.withoutTimeByLogType());
    }

    @Test
    void keepsATimelessRecordOfAnUnknownTypeAtItsArrivalTime() {
        // Bro 2.0's notice_policy.log: no time column at all
        String tsv = "#separator \\x09\n#path\tnotice_policy\n"
                     + "#fields\tposition\tpriority\tresult\tpred\thalt\tsuppress_for\n"
                     + "#types\tcount\tcount\tenum\tfunc\tbool\tinterval\n"
                     + "0\t10\tNotice::ACTION_ALARM\t-\tF\t-\n";
        PipelineMetrics metrics = new PipelineMetrics();
        ZeekEvent event = ZeekFixtures.detected(tsv, 0, ARRIVED_AT_MILLIS);
        new Normalizer(ZeekFixtures.rules(), Clock.systemUTC(), metrics).normalize(event);

        assertEquals("notice_policy", event.logType());
        assertEquals(ARRIVED_AT_MILLIS * 1000, event.eventTimeMicros());
        assertEquals(List.of("position", "priority", "result", "halt"), fieldNames(event.raw()));
        assertEquals(Map.of(PipelineMetrics.UNLISTED_LOG_TYPE, 1L), metrics.withoutTimeByLogType());
    }

    @Test
    void takesTheIngestTimeForATimelessRecordWithoutKafkaTimestamp() {
        assertEquals(INGESTED_AT.toEpochMilli() * 1000, normalized("{'conn': {'uid': 'C1'}}").eventTimeMicros());
    }

    @Test
    void namesTheTimeFieldAndItsValueWhenTheTimeIsNotAZeekTime() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> normalized("{'conn': {'ts': '0x1p30', 'uid': 'C1'}}"));

        assertEquals("field 'ts': time value '0x1p30' is neither epoch seconds nor ISO-8601", e.getMessage());
    }

    @Test
    void usesTheIngestTimeForALogWithoutAnyTimeField() {
        ZeekEvent event = normalized("{'_path': 'loaded_scripts', 'name': '/opt/zeek/share/zeek/base/init-bare.zeek'}");

        assertEquals(INGESTED_AT.toEpochMilli() * 1000, event.eventTimeMicros());
        assertEquals(List.of("name"), fieldNames(event.raw()));
    }

    @Test
    void takesTheIngestTimeFromTheClock() {
        assertEquals(INGESTED_AT.toEpochMilli() * 1000, normalized(CONN).ingestTimeMicros());
    }

    @Test
    void normalizesEveryEventOfTheGroupAndRejectsOneWhoseTimeIsNotATime() {
        ZeekEvent event = detected(CONN, 0);
        ZeekEvent timeless = detected("{'conn': {'ts': 'yesterday', 'uid': 'C2'}}", 1);
        Exchange exchange = ZeekFixtures.groupExchange(event, timeless);
        new Normalizer(ZeekFixtures.rules(), Clock.systemUTC(), new PipelineMetrics()).process(exchange);

        assertEquals(1521911720865716L, event.eventTimeMicros());
        assertEquals("C1", event.normalized().get("flow_id").text());
        assertEquals(List.of(event), exchange.getIn().getBody(LogTypeGroup.class).events());
        assertSame(timeless.source(), Rejects.of(exchange).getRecords().get(0).record());
    }
}
