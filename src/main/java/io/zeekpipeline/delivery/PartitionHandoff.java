package io.zeekpipeline.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes the input consumers (camel-kafka looks this adapter up as {@code subscribeAdapter})
 * with a rebalance listener that hands revoked partitions over cleanly: before Camel's own
 * listener runs, the open batches holding their records are written, the pipeline waits until
 * those records are durable, commits them, and refuses records of those partitions that an
 * earlier poll still holds, so the next owner starts exactly where this one stopped. Runs on each
 * consumer's polling thread; thread-safe.
 */
public class PartitionHandoff implements SubscribeAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("kafka");

    private final SubscribeAdapter subscriber = new DefaultSubscribeAdapter();
    private final OffsetTracker tracker;
    private final PipelineMetrics metrics;
    private final java.util.function.Consumer<Collection<TopicPartition>> flushOpenBatches;
    private final Runnable onAssignment;
    private final ConsumerAssignments assignments;
    private final BooleanSupplier draining;
    private final Duration timeout;

    /**
     * {@code flushOpenBatches} completes the open batches holding records of the given partitions;
     * {@code onAssignment} runs when partitions are assigned; while {@code draining}, the stop's own
     * drain has flushed and committed already; {@code assignments} learns what each consumer holds.
     */
    public PartitionHandoff(OffsetTracker tracker, PipelineMetrics metrics,
            java.util.function.Consumer<Collection<TopicPartition>> flushOpenBatches, Runnable onAssignment,
            BooleanSupplier draining, Duration timeout, ConsumerAssignments assignments) {
        this.tracker = tracker;
        this.metrics = metrics;
        this.flushOpenBatches = flushOpenBatches;
        this.onAssignment = onAssignment;
        this.draining = draining;
        this.timeout = timeout;
        this.assignments = assignments;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        assignments.subscribing();
        subscriber.subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    handOver(consumer, partitions);
                }
                camelListener.onPartitionsRevoked(partitions);
                assignments.removed(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsAssigned(partitions);
                tracker.assign(partitions);
                assignments.assigned(partitions);
                // another instance may have written these partitions' files meanwhile
                onAssignment.run();
                LOG.info("partitions assigned: {}", partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                // no longer ours and no commit possible: the new owner reads them again
                tracker.revoke(partitions);
                camelListener.onPartitionsLost(partitions);
                assignments.removed(partitions);
                LOG.warn("partitions lost without a handover: {}", partitions);
            }
        }, topicInfo);
    }

    private void handOver(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        long started = System.nanoTime();
        if (!draining.getAsBoolean()) {
            flushOpenBatches.accept(partitions);
            try {
                Wait.until(() -> tracker.pending(partitions) == 0, started + timeout.toNanos());
            } catch (InterruptedException e) {
                // hand over what is durable so far; the interrupt is kept for the polling thread
                Thread.currentThread().interrupt();
            }
        }
        long notDurable = tracker.pending(partitions);
        Map<TopicPartition, OffsetAndMetadata> offsets = DurableCommit.commit(consumer, partitions, tracker, metrics);
        tracker.revoke(partitions);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (notDurable > 0) {
            metrics.error();
            LOG.warn("handed over {} with {} records not yet durable after {} ms; the next owner reads them again",
                    partitions, notDurable, millis);
        } else {
            LOG.info("handed over {} after {} ms, committed {}", partitions, millis, offsets);
        }
    }
}
