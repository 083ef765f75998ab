package io.zeekpipeline.delivery;

import java.util.Collection;
import java.util.Map;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;

/** A synchronous commit of what is durable, for the moments a consumer lets partitions go. Stateless. */
final class DurableCommit {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("kafka"), 10_000);

    private DurableCommit() {
    }

    /**
     * Commits the partitions' commit points on the calling (polling) thread and returns them; a
     * failure is counted and logged (those records will be read again), never thrown.
     */
    static Map<TopicPartition, OffsetAndMetadata> commit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
            OffsetTracker tracker, PipelineMetrics metrics) {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.commitPoints(partitions);
        try {
            if (!offsets.isEmpty()) {
                long requested = System.nanoTime();
                try {
                    consumer.commitSync(offsets);
                    metrics.committed(offsets);
                } finally {
                    metrics.commitTook(System.nanoTime() - requested);
                }
            }
        } catch (RuntimeException e) {
            metrics.error();
            LOG.warn("offset commit failed; those records will be read again | offsets={} error={}", offsets,
                    e.toString());
        }
        return offsets;
    }
}
