package io.zeekpipeline.delivery;

import java.util.ArrayList;
import java.util.List;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.StartupTimeline;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OffsetRegistrarTest {

    private static final String TOPIC = "zeek-raw";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final CamelContext context = new DefaultCamelContext();
    private final OffsetTracker tracker = new OffsetTracker(true, true);
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final OffsetRegistrar registrar = new OffsetRegistrar(tracker, metrics, new StartupTimeline());
    private final Delivery delivery = new Delivery(tracker);

    /** A poll as camel-kafka's batching hands it over: one child exchange per record. */
    private Exchange poll(long... offsets) {
        List<Exchange> records = new ArrayList<>();
        for (long offset : offsets) {
            Exchange record = new DefaultExchange(context);
            record.getMessage().setHeader(KafkaConstants.TOPIC, TOPIC);
            record.getMessage().setHeader(KafkaConstants.PARTITION, 0);
            record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
            record.getMessage().setHeader(KafkaConstants.TIMESTAMP, 1_000L + offset);
            record.getMessage().setBody(("{\"n\":" + offset + "}").getBytes());
            records.add(record);
        }
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setBody(records);
        return batch;
    }

    @SuppressWarnings("unchecked")
    private static List<ConsumedRecord> records(Exchange exchange) {
        return exchange.getIn().getBody(List.class);
    }

    private void handToBothOutputs(ConsumedRecord record) {
        delivery.handedTo(record, Output.PARQUET);
        delivery.handedTo(record, Output.KAFKA);
    }

    private void durableInBothOutputs(ConsumedRecord record) {
        tracker.acknowledge(record.topic(), record.partition(), record.offset(), Output.PARQUET);
        tracker.acknowledge(record.topic(), record.partition(), record.offset(), Output.KAFKA);
    }

    private long commitPoint() {
        return tracker.commitPoints(List.of(PARTITION)).get(PARTITION).offset();
    }

    @Test
    void turnsAPollIntoRegisteredRecordsWithTheirSourceAndTimestamp() throws Exception {
        Exchange exchange = poll(5, 6);

        registrar.process(exchange);

        List<ConsumedRecord> records = records(exchange);
        assertEquals(List.of("zeek-raw-0-5", "zeek-raw-0-6"), records.stream().map(ConsumedRecord::eventId).toList());
        assertEquals(1_005L, records.get(0).timestampMillis());
        assertEquals(2, tracker.pending());
        assertEquals(2, metrics.consumedCount());
        assertEquals(0, Rejects.of(exchange).getRecords().size());
    }

    @Test
    void leavesOutRecordsReadAgainWhileTheFirstReadingIsInHand() throws Exception {
        registrar.process(poll(0, 1));
        Exchange again = poll(0, 1, 2);

        registrar.process(again);

        assertEquals(List.of(2L), records(again).stream().map(ConsumedRecord::offset).toList());
        assertEquals(2, metrics.replayedCount());
    }

    @Test
    void releasesOnCompletionTheRecordsNoOutputTookAndCountsThoseNotDeadLettered() throws Exception {
        Exchange exchange = poll(0, 1, 2);
        registrar.process(exchange);
        List<ConsumedRecord> records = records(exchange);
        handToBothOutputs(records.get(0));
        delivery.deadLettered(records.get(1));

        exchange.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(exchange));

        assertEquals(1, metrics.droppedByRouteCount(), "record 2 reached no output and no dead letter");
        assertEquals(0, commitPoint(), "record 0 is owed to the outputs that took it");
        durableInBothOutputs(records.get(0));
        assertEquals(3, commitPoint(), "records 1 and 2 were released at completion");
    }

    @Test
    void keepsOwedARejectedRecordTheDeadLettersNeverAcknowledged() throws Exception {
        Exchange exchange = poll(0, 1);
        registrar.process(exchange);
        List<ConsumedRecord> records = records(exchange);
        Rejects.of(exchange).add(records.get(0), new IllegalArgumentException("too large"));
        handToBothOutputs(records.get(1));
        durableInBothOutputs(records.get(1));

        exchange.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(exchange));

        assertEquals(0, commitPoint(), "record 0 is in no output and not in the dead letters");
        assertEquals(0, metrics.droppedByRouteCount());
    }

    @Test
    void refusesAnExchangeThatDoesNotComeFromABatchingKafkaConsumer() {
        Exchange single = new DefaultExchange(context);
        single.getMessage().setBody(new byte[] {'{', '}'});

        assertThrows(IllegalStateException.class, () -> registrar.process(single));
    }
}
