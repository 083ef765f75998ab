package io.zeekpipeline.delivery;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits, after every poll and on the polling thread (the only thread a KafkaConsumer accepts),
 * the offsets the {@link OffsetTracker} reports durable. Never pauses or seeks, unlike the base
 * class. Pauses fetching while too much waits for failing outputs, and on shutdown drives the
 * drain: pause, then one final synchronous commit. Thread-safe;
 * several consumer threads each pass their own consumer.
 */
public class CommittingConsumerListener extends KafkaConsumerListener {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("kafka"), 60_000);

    private static final Logger STATE = LoggerFactory.getLogger("kafka");

    private final OffsetTracker tracker;
    private final PipelineMetrics metrics;
    private final long maxInFlightBytes;
    private final IntSupplier pollingConsumers;
    /** Consumers paused because too much waits for the outputs. */
    private final Set<Consumer<?, ?>> throttled = ConcurrentHashMap.newKeySet();

    /**
     * @param pollingConsumers how many consumers still poll: one that ended (camel-kafka does not reconnect after a
     *                         refused login) or that a reconnect replaced never polls again, so the drain does not
     *                         wait for it
     */
    public CommittingConsumerListener(OffsetTracker tracker, PipelineMetrics metrics, long maxInFlightBytes,
            IntSupplier pollingConsumers) {
        this.tracker = tracker;
        this.metrics = metrics;
        this.maxInFlightBytes = maxInFlightBytes;
        this.pollingConsumers = pollingConsumers;
    }

    /** Consumers seen, with the number of polls each made since draining began. */
    private final Map<Consumer<?, ?>, Integer> pollsSinceDrain = new ConcurrentHashMap<>();
    private final Set<Consumer<?, ?>> finalCommitDone = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private volatile boolean finalCommitRequested;

    @Override
    public boolean afterConsume(Object consumer) {
        Consumer<?, ?> kafka = (Consumer<?, ?>) consumer;
        if (draining) {
            drainStep(kafka);
            return true;
        }
        pollsSinceDrain.putIfAbsent(kafka, 0);
        throttle(kafka);
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(kafka.assignment());
        if (!offsets.isEmpty()) {
            long requested = System.nanoTime();
            kafka.commitAsync(offsets, (committed, error) -> {
                // the consumer runs the callback in the poll that reads the broker's answer
                metrics.commitTook(System.nanoTime() - requested);
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

    /**
     * Backpressure: while completed batches of {@code maxInFlightBytes} wait for an output that fails
     * (a full disk, a broker down) and is retried, the consumer stops fetching; it resumes below three
     * quarters of that. Nothing is dropped, and memory stays bounded.
     */
    private void throttle(Consumer<?, ?> kafka) {
        long waiting = metrics.inFlightBytes();
        if (waiting >= maxInFlightBytes) {
            if (throttled.add(kafka)) {
                STATE.warn("pausing consumption: {} bytes of batches wait for the outputs (limit {})", waiting,
                        maxInFlightBytes);
            }
            // every time: partitions assigned since the last poll must pause too
            kafka.pause(kafka.assignment());
        } else if (waiting < maxInFlightBytes * 3 / 4 && throttled.remove(kafka)) {
            kafka.resume(kafka.assignment());
            STATE.info("resuming consumption: {} bytes of batches wait for the outputs", waiting);
        }
    }

    /** Stop fetching: every consumer pauses its partitions at its next poll. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * True once every consumer still polling polled three times since draining began: the records of
     * the poll before the pause have been processed, those camel-kafka's batching held back for the
     * next poll too, and later polls return nothing.
     */
    public boolean consumersIdle() {
        return pollsSinceDrain.values().stream().filter(polls -> polls >= 3).count() >= consumersToWaitFor();
    }

    /** Asks every consumer to commit its partitions' commit points synchronously at its next poll. */
    public void requestFinalCommit() {
        finalCommitRequested = true;
    }

    public boolean finalCommitDone() {
        return finalCommitDone.size() >= consumersToWaitFor();
    }

    /** The consumers seen that still poll, at most: those seen include any that ended since. */
    private int consumersToWaitFor() {
        return Math.min(pollsSinceDrain.size(), pollingConsumers.getAsInt());
    }

    private void drainStep(Consumer<?, ?> kafka) {
        kafka.pause(kafka.assignment());
        pollsSinceDrain.merge(kafka, 1, Integer::sum);
        if (finalCommitRequested && !finalCommitDone.contains(kafka)) {
            DurableCommit.commit(kafka, kafka.assignment(), tracker, metrics);
            finalCommitDone.add(kafka);
        }
    }

    @Override
    public boolean afterProcess(ProcessingResult result) {
        // a failed record is already in the dead-letter path or stays owed; never pause or seek here
        return true;
    }
}
