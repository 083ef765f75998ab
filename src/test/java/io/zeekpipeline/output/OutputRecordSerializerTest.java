package io.zeekpipeline.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
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
            new Delivery(new OffsetTracker(false, true)));

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
        assertEquals(tree("{'event_time': 1521911720865, 'ingest_time': " + INGESTED_AT.toEpochMilli() + ","
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
    void writesTheEnrichedLayer() throws IOException {
        // the Community ID worked out with the spec's formula in Python (hashlib, base64)
        assertEquals(tree("{'event_year': 2018, 'event_month': 3, 'event_day': 24, 'event_hour': 17,"
                          + " 'event_weekday': 6, 'src_ip_is_private': true, 'dst_ip_is_private': false,"
                          + " 'direction': 'outbound', 'community_id': '1:5LYL0jtWIRAQQiHE2wLJiXynfUA='}"),
                serialized(connAt(42)).get("enriched"));
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
        List<Message> messages = new ArrayList<>();
        body.forEach(messages::add);
        assertEquals(3, messages.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i).eventId(), messages.get(i).getHeader(ZeekHeaders.EVENT_ID));
            assertEquals(serialized(events.get(i)), MAPPER.readTree(messages.get(i).getBody(byte[].class)));
        }
        List<Long> offsets = new ArrayList<>();
        body.offsets().forEach((topic, partition, offset) -> offsets.add(offset));
        assertEquals(List.of(42L, 43L, 44L), offsets);
    }
}
