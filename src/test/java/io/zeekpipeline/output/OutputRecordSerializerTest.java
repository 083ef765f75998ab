package io.zeekpipeline.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.zeekpipeline.normalize.ZeekFixtures.INGESTED_AT;
import static io.zeekpipeline.normalize.ZeekFixtures.MAPPER;
import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static io.zeekpipeline.normalize.ZeekFixtures.fieldNames;
import static io.zeekpipeline.normalize.ZeekFixtures.groupExchange;
import static io.zeekpipeline.normalize.ZeekFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputRecordSerializerTest {

    private final OutputRecordSerializer serializer = new OutputRecordSerializer(1048576,
            new Delivery(new OffsetTracker(false, true)), OutputKey.SOURCE_OR_FLOW);

    private static ZeekEvent connAt(long offset) {
        return enriched("{'conn': {'ts': 1521911720.865716, 'uid': 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000,"
                        + " 'id.resp_h': '8.8.8.8', 'id.resp_p': 53, 'proto': 'udp', 'service': 'dns',"
                        + " 'duration': 0.5, 'orig_bytes': 18446744073709551615}}", offset);
    }

    private JsonNode serialized(ZeekEvent event) throws IOException {
        return MAPPER.readTree(serializer.toJson(event));
    }

    @Test
    void writesTheThreeLayerJson() throws IOException {
        JsonNode json = serialized(connAt(42));

        assertEquals("zeek", json.get("source").asText());
        assertEquals("conn", json.get("log_type").asText());
        assertEquals("zeek-raw-0-42", json.get("event_id").asText());
        assertEquals(List.of("source", "log_type", "event_id", "raw", "normalized", "enriched"), fieldNames(json));
    }

    @Test
    void writesOnlyTheFieldsThatWereNotPromotedAsRaw() throws IOException {
        assertEquals(tree("{'duration': 0.5, 'orig_bytes': 18446744073709551615}"), serialized(connAt(42)).get("raw"));
    }

    @Test
    void writesNormalizedTimesInMilliseconds() throws IOException {
        JsonNode normalized = serialized(connAt(42)).get("normalized");

        assertEquals(1521911720865L, normalized.get("event_time").asLong());
        assertEquals(INGESTED_AT.toEpochMilli(), normalized.get("ingest_time").asLong());
        assertEquals(tree("{'event_time': 1521911720865, 'event_time_us': 1521911720865716,"
                          + " 'ingest_time': " + INGESTED_AT.toEpochMilli() + ","
                          + " 'flow_id': 'C1', 'src_ip': '10.0.0.1', 'dst_ip': '8.8.8.8', 'src_port': 40000,"
                          + " 'dst_port': 53, 'protocol': 'udp', 'service': 'dns', 'event_type': 'network_connection',"
                          + " 'event_class': 'network'}"), normalized);
    }

    @ParameterizedTest
    @CsvSource({
        // epoch milliseconds and year worked out with Python's datetime
        "1969-07-20T20:17:40.5Z,  -14182939500,  1969",
        "2100-01-01T00:00:00.5Z, 4102444800500, 2100"})
    void writesTimesBefore1970AndFarInTheFuture(String ts, long millis, int year) throws IOException {
        JsonNode json = serialized(enriched("{'_path': 'conn', 'ts': '" + ts + "'}"));

        assertEquals(millis, json.get("normalized").get("event_time").asLong());
        assertEquals(year, json.get("enriched").get("event_year").asInt());
    }

    @Test
    void writesNonFiniteNumbersInRawAsTheSensorWroteThem() {
        ZeekEvent event = enriched("{'capture_loss': {'ts': 1521911780.600725, 'peer': 'zeek', 'percent_lost': nan,"
                                   + " 'gaps': 1, 'acks': -inf}}");

        String json = new String(serializer.toJson(event), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"raw\":{\"peer\":\"zeek\",\"percent_lost\":nan,\"gaps\":1,\"acks\":-inf}"),
                json);
    }

    @Test
    void writesTheEnrichedLayer() throws IOException {
        // the Community ID worked out with the spec's formula in Python (hashlib, base64)
        assertEquals(tree("{'event_year': 2018, 'event_month': 3, 'event_day': 24, 'event_hour': 17,"
                          + " 'event_weekday': 6, 'src_ip_is_private': true, 'dst_ip_is_private': false,"
                          + " 'direction': 'outbound', 'community_id': '1:5LYL0jtWIRAQQiHE2wLJiXynfUA='}"),
                serialized(connAt(42)).get("enriched"));
    }

    /** The Kafka key the serializer gives the message of one event. */
    private static Object keyOf(OutputKey key, ZeekEvent event) {
        Exchange exchange = groupExchange(event);
        new OutputRecordSerializer(1048576, new Delivery(new OffsetTracker(false, true)), key).process(exchange);
        return exchange.getIn().getBody(OutputBatch.class).message(0).getHeader(KafkaConstants.KEY);
    }

    private static ZeekEvent withSourceKey(String key) {
        ZeekEvent detected = connAt(7);
        ConsumedRecord source = detected.source();
        return enriched(new ConsumedRecord(source.topic(), source.partition(), source.offset(),
                source.timestampMillis(), source.value(), key));
    }

    @Test
    void keysAMessageByItsSourceKeyElseItsFlowId() {
        assertEquals("sensor-7", keyOf(OutputKey.SOURCE_OR_FLOW, withSourceKey("sensor-7")));
        assertEquals("C1", keyOf(OutputKey.SOURCE_OR_FLOW, connAt(7)));
        assertEquals("C1", keyOf(OutputKey.FLOW, withSourceKey("sensor-7")));
        assertEquals("Fx1", keyOf(OutputKey.SOURCE_OR_FLOW,
                enriched("{'vendor_files': {'ts': 1521911720.5, 'uid': 'Fx1', 'fuid': 'F1'}}")));
        assertEquals("Cr1", keyOf(OutputKey.FLOW,
                enriched("{'x509': {'ts': 1521911720.5, 'uid': 'Cr1', 'fingerprint': 'ab'}}")));
    }

    @Test
    void leavesAMessageWithoutKeyWhenThereIsNoneOrNoneIsWanted() {
        assertNull(keyOf(OutputKey.SOURCE_OR_FLOW, enriched("{'files': {'ts': 1521911720.5, 'fuid': 'F1'}}")));
        assertNull(keyOf(OutputKey.NONE, withSourceKey("sensor-7")));
    }

    @Test
    void batchesOneMessagePerEventWithItsEventIdHeaderAndSourceOffsets() throws IOException {
        List<ZeekEvent> events = List.of(connAt(42), connAt(43));
        OutputBatchStrategy strategy = new OutputBatchStrategy(3, new PipelineMetrics());
        Exchange batch = null;
        for (ZeekEvent event : events) {
            Exchange exchange = groupExchange(event);
            serializer.process(exchange);
            assertTrue(event.source().isHandedTo(Output.KAFKA), "taken by the output leg");
            assertFalse(event.source().isHandedTo(Output.PARQUET), "left to the Parquet leg");
            batch = strategy.aggregate(batch, exchange);
        }
        assertNull(batch.getProperty(Exchange.AGGREGATION_COMPLETE_CURRENT_GROUP), "2 of 3 records: not complete");
        Exchange third = groupExchange(connAt(44));
        serializer.process(third);
        batch = strategy.aggregate(batch, third);
        assertEquals(Boolean.TRUE, batch.getProperty(Exchange.AGGREGATION_COMPLETE_CURRENT_GROUP), "3 records");
        strategy.onCompletion(batch);

        OutputBatch body = batch.getIn().getBody(OutputBatch.class);
        // read as camel-kafka reads them: each message before the next
        List<Object> eventIds = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        for (Message message : body) {
            eventIds.add(message.getHeader(ZeekHeaders.EVENT_ID));
            values.add(MAPPER.readTree(message.getBody(byte[].class)));
        }
        assertEquals(List.of("zeek-raw-0-42", "zeek-raw-0-43", "zeek-raw-0-44"), eventIds);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(serialized(events.get(i)), values.get(i));
        }
        List<Long> offsets = new ArrayList<>();
        body.offsets().forEach((topic, partition, offset) -> offsets.add(offset));
        assertEquals(List.of(42L, 43L, 44L), offsets);
    }

    @Test
    void givesEachMessageItsOwnKeyOrNoneInIterationAndByIndex() {
        Exchange group = groupExchange(withSourceKey("sensor-7"),
                enriched("{'conn': {'ts': 1521911720.5}}", 8), connAt(9));
        serializer.process(group);
        OutputBatch body = group.getIn().getBody(OutputBatch.class);

        List<Object> keys = new ArrayList<>();
        List<Object> eventIds = new ArrayList<>();
        for (Message message : body) {
            keys.add(message.getHeader(KafkaConstants.KEY));
            eventIds.add(message.getHeader(ZeekHeaders.EVENT_ID));
        }
        assertEquals(Arrays.asList("sensor-7", null, "C1"), keys);
        assertEquals(List.of("zeek-raw-0-7", "zeek-raw-0-8", "zeek-raw-0-9"), eventIds);
        assertEquals(Arrays.asList("sensor-7", null, "C1"),
                List.of(0, 1, 2).stream().map(i -> body.message(i).getHeader(KafkaConstants.KEY)).toList());
    }

    @Test
    void aBatchCountsItsRecordsByLogTypeOverItsChunks() {
        ZeekEvent dns = enriched("{'dns': {'ts': 1521911720.9, 'uid': 'C2', 'query': 'example.com'}}", 50);
        OutputBatchStrategy strategy = new OutputBatchStrategy(10, new PipelineMetrics());
        Exchange batch = null;
        for (Exchange group : List.of(groupExchange(connAt(42), connAt(43)), groupExchange(dns),
                groupExchange(connAt(44)))) {
            serializer.process(group);
            batch = strategy.aggregate(batch, group);
        }
        OutputBatch body = batch.getIn().getBody(OutputBatch.class);

        assertEquals(Map.of("conn", 3, "dns", 1), body.sizeByLogType());
        assertEquals("dns", body.logType(2));
    }

    @Test
    void aBatchOfEmptyChunksHasNoMessageToSend() {
        // a route dropped every event of the groups: the chunks carry no record and no Camel context
        OutputBatch batch = new OutputBatch();
        batch.append(new OutputBatch());
        assertFalse(batch.iterator().hasNext());
        assertEquals(0, batch.size());
    }
}
