package io.zeekpipeline.kafka;

import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.LoggerFactory;

/**
 * First step of the ingest route: registers the consumed record with the {@link OffsetTracker}, puts
 * its {@link ConsumedRecord} in the {@link ZeekHeaders#RECORD} header in place of the Kafka headers and,
 * when its exchange completes, releases the outputs no batch took (dead-lettered, or dropped by a
 * route edit: counted and logged). A failed exchange keeps its record owed, so it is never committed.
 * Stateless and thread-safe.
 */
public class OffsetRegistrar implements Processor {

    /** Exchange property set by the dead-letter route once the message is in the dead-letter topic. */
    public static final String DEAD_LETTERED = "zeekDeadLettered";

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 10_000);

    private final OffsetTracker tracker;
    private final PipelineMetrics metrics;

    public OffsetRegistrar(OffsetTracker tracker, PipelineMetrics metrics) {
        this.tracker = tracker;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String topic = in.getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        if (topic == null || partition == null || offset == null) {
            throw new IllegalStateException("the ingest route must start at a Kafka consumer (no kafka.TOPIC/PARTITION/OFFSET)");
        }
        metrics.consumed();
        tracker.register(topic, partition, offset);
        ConsumedRecord record = new ConsumedRecord(topic, partition, offset);
        // every copy of the exchange (multicast, aggregators) copies the headers: keep them few, and
        // no exchange properties at all, so copies need no property map
        in.removeHeaders("kafka.*");
        in.removeHeaders("CamelKafka*");
        in.setHeader(ZeekHeaders.RECORD, record);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                release(done, record);
            }
        });
    }

    private void release(Exchange done, ConsumedRecord record) {
        int handed = record.event() == null ? 0 : record.event().handedOff();
        int notHanded = tracker.requiredOutputs() & ~handed;
        if (notHanded == 0) {
            return;
        }
        if (!done.getProperty(DEAD_LETTERED, false, Boolean.class)) {
            metrics.droppedByRoute();
            LOG.warn("record reached no output (filtered by a route?) | topic={} partition={} offset={}",
                    record.topic(), record.partition(), record.offset());
        }
        tracker.acknowledge(record.topic(), record.partition(), record.offset(), notHanded);
    }
}
