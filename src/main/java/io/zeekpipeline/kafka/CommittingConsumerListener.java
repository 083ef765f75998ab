package io.zeekpipeline.kafka;

import java.util.Map;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;

/**
 * Commits, after every poll and on the polling thread (the only thread a KafkaConsumer accepts),
 * the offsets the {@link OffsetTracker} reports durable. Never pauses or seeks, unlike the base
 * class. Stateless; safe for several consumer threads, each passing its own consumer.
 */
public class CommittingConsumerListener extends KafkaConsumerListener {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("kafka"), 60_000);

    private final OffsetTracker tracker;
    private final PipelineMetrics metrics;

    public CommittingConsumerListener(OffsetTracker tracker, PipelineMetrics metrics) {
        this.tracker = tracker;
        this.metrics = metrics;
    }

    @Override
    public boolean afterConsume(Object consumer) {
        Consumer<?, ?> kafka = (Consumer<?, ?>) consumer;
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(kafka.assignment());
        if (!offsets.isEmpty()) {
            kafka.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    tracker.commitFailed(offsets.keySet());
                    metrics.error();
                    LOG.warn("offset commit failed, will retry | offsets={} error={}", offsets, error.toString());
                } else {
                    metrics.committed(committed);
                }
            });
        }
        return true;
    }

    @Override
    public boolean afterProcess(ProcessingResult result) {
        // a failed record is already in the dead-letter path or stays owed; never pause or seek here
        return true;
    }
}
