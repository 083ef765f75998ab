package io.zeekpipeline.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import io.zeekpipeline.ops.StartupTimeline;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.LoggerFactory;

/**
 * First step of the ingest route: turns a poll's records (camel-kafka's batching body, one exchange
 * per record) into {@link ConsumedRecord}s registered with the {@link OffsetTracker} (leaving out
 * records read again that this process already has in hand), starts the
 * poll's {@link Rejects} and, when the exchange completes, releases the outputs no batch took
 * (dead-lettered, or dropped by a route edit: counted and logged). A failed exchange keeps its
 * records owed, so they are never committed. Stateless and thread-safe.
 */
public class OffsetRegistrar implements Processor {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 10_000);

    private final OffsetTracker tracker;
    private final PipelineMetrics metrics;
    private final StartupTimeline timeline;

    public OffsetRegistrar(OffsetTracker tracker, PipelineMetrics metrics, StartupTimeline timeline) {
        this.tracker = tracker;
        this.metrics = metrics;
        this.timeline = timeline;
    }

    @Override
    public void process(Exchange exchange) {
        // no type conversion: any other body means the consumer is not the batching Kafka consumer
        if (!(exchange.getIn().getBody() instanceof List<?> polled)) {
            throw new IllegalStateException("the ingest route must start at a Kafka consumer with batching=true");
        }
        List<ConsumedRecord> records = new ArrayList<>(polled.size());
        for (Object item : polled) {
            ConsumedRecord record = toRecord(((Exchange) item).getMessage());
            if (tracker.register(record.topic(), record.partition(), record.offset())) {
                records.add(record);
            } else {
                // read again after a reconnect: the first reading is already on its way, or done
                metrics.replayed();
            }
        }
        metrics.consumed(records.size());
        if (!records.isEmpty()) {
            timeline.recordConsumed();
        }
        Message in = exchange.getIn();
        // split and multicast copy the headers of every exchange: keep none
        in.removeHeaders("*");
        in.setBody(records);
        exchange.setProperty(ZeekHeaders.REJECTS, new Rejects());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                records.forEach(OffsetRegistrar.this::release);
            }
        });
    }

    /**
     * Reads the Kafka coordinates in one pass over the headers: four case-insensitive lookups per
     * record cost more than the rest of this step.
     */
    private static ConsumedRecord toRecord(Message message) {
        String topic = null;
        Integer partition = null;
        Long offset = null;
        long timestamp = -1;
        String key = null;
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            switch (header.getKey()) {
                case KafkaConstants.TOPIC -> topic = header.getValue() instanceof String name ? name : null;
                case KafkaConstants.PARTITION -> partition = header.getValue() instanceof Integer p ? p : null;
                case KafkaConstants.OFFSET -> offset = header.getValue() instanceof Long o ? o : null;
                case KafkaConstants.TIMESTAMP -> timestamp = header.getValue() instanceof Long t ? t : -1;
                case KafkaConstants.KEY -> key = header.getValue() instanceof String k ? k : null;
                default -> {
                    // other headers are not needed here
                }
            }
        }
        if (topic == null || partition == null || offset == null) {
            throw new IllegalStateException("the ingest route must start at a Kafka consumer "
                    + "(no kafka.TOPIC/PARTITION/OFFSET)");
        }
        return new ConsumedRecord(topic, partition, offset, timestamp, message.getBody(byte[].class), key);
    }

    private void release(ConsumedRecord record) {
        if (tracker.takenByEveryOutput(record)) {
            return;
        }
        if (record.isRejected() && !record.isDeadLettered()) {
            // not in any output and not in the dead letters: it stays owed, and its partition commits
            // no further (the stall check raises the alarm)
            return;
        }
        if (!record.isDeadLettered()) {
            metrics.droppedByRoute();
            LOG.warn("record reached no output (filtered by a route?) | topic={} partition={} offset={}",
                    record.topic(), record.partition(), record.offset());
        }
        tracker.releaseUntaken(record);
    }
}
