package io.zeekpipeline.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

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
        Coordinates coordinates = new Coordinates();
        for (Object item : polled) {
            ConsumedRecord record = coordinates.toRecord(((Exchange) item).getMessage());
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

    /**
     * Reads the Kafka coordinates of a record in one pass over its headers: four case-insensitive lookups
     * per record cost more than the rest of this step, and an entry-set iterator per record was garbage.
     * Used by one poll's thread, for one record after the other.
     */
    private static final class Coordinates implements BiConsumer<String, Object> {
        private String topic;
        private Integer partition;
        private Long offset;
        private long timestamp;
        private String key;

        ConsumedRecord toRecord(Message message) {
            topic = null;
            partition = null;
            offset = null;
            timestamp = -1;
            key = null;
            message.getHeaders().forEach(this);
            if (topic == null || partition == null || offset == null) {
                throw new IllegalStateException("the ingest route must start at a Kafka consumer "
                        + "(no kafka.TOPIC/PARTITION/OFFSET)");
            }
            return new ConsumedRecord(topic, partition, offset, timestamp, message.getBody(byte[].class), key);
        }

        @Override
        public void accept(String name, Object value) {
            switch (name) {
                case KafkaConstants.TOPIC -> topic = value instanceof String text ? text : null;
                case KafkaConstants.PARTITION -> partition = value instanceof Integer p ? p : null;
                case KafkaConstants.OFFSET -> offset = value instanceof Long o ? o : null;
                case KafkaConstants.TIMESTAMP -> timestamp = value instanceof Long t ? t : -1;
                case KafkaConstants.KEY -> key = value instanceof String k ? k : null;
                default -> {
                    // other headers are not needed here
                }
            }
        }
    }
}
