package io.zeekpipeline.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness check {@code pipeline/commit-stall}: DOWN when records are pending (consumed, not yet
 * durable in every output) and no offset was committed for the stall time, the sign of a pipeline
 * that runs but no longer gets anywhere (heap exhausted, an output stuck); logs an ERROR when it
 * goes DOWN. Without flushes by time, records may wait in open batches for as long as their batch
 * takes to fill: then only a completed batch an output has not confirmed (in flight) counts.
 * Progress is seen when the check runs (each health line), so the time is known to one
 * health interval. Thread-safe: {@link PipelineHealthCheck} runs one call at a time.
 */
public final class CommitStallCheck extends PipelineHealthCheck {

    /** Result detail: records consumed and not yet durable in every output. */
    public static final String PENDING = "pending_records";
    /** Result detail: seconds since the last commit while records pend (0 when none pend). */
    public static final String STALLED_FOR = "stalled_for_seconds";

    private static final Logger LOG = LoggerFactory.getLogger("health");

    private final PipelineMetrics metrics;
    private final OffsetTracker tracker;
    private final Duration stallAfter;
    private final boolean batchesWaitForSize;
    private final Clock clock;
    private long committedSeen;
    private long lastProgressMillis;
    private boolean down;

    /**
     * @param stallTime     pipeline.health.stall-minutes
     * @param flushInterval pipeline.flush.interval-seconds: records wait in open batches that long before the stall
     *                      time begins; zero when only a batch's size or row count writes it
     */
    public CommitStallCheck(PipelineMetrics metrics, OffsetTracker tracker, Duration stallTime, Duration flushInterval,
            Clock clock) {
        super("commit-stall", Probe.LIVENESS);
        this.metrics = metrics;
        this.tracker = tracker;
        this.stallAfter = stallTime.plus(flushInterval);
        this.batchesWaitForSize = flushInterval.isZero();
        this.clock = clock;
        this.committedSeen = metrics.committedOffsetSum();
        this.lastProgressMillis = clock.millis();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long now = clock.millis();
        long pending = tracker.pending();
        long committed = metrics.committedOffsetSum();
        // with no batch in flight, every pending record waits in an open batch for its size or row count
        boolean waiting = pending == 0 || batchesWaitForSize && metrics.inFlightBytes() == 0;
        if (waiting || committed != committedSeen) {
            lastProgressMillis = now;
            committedSeen = committed;
        }
        long stalledMillis = now - lastProgressMillis;
        builder.detail(PENDING, pending);
        builder.detail(STALLED_FOR, stalledMillis / 1000);
        if (stalledMillis < stallAfter.toMillis()) {
            builder.up();
            if (down) {
                down = false;
                LOG.info("offsets committed again: the pipeline is live | pending_records={}", pending);
            }
            return;
        }
        String message = "no offset committed for " + stalledMillis / 1000 + " s, pending records: " + pending
                         + " (stall time " + stallAfter.toSeconds() + " s)";
        builder.message(message).down();
        if (!down) {
            down = true;
            LOG.error("liveness DOWN: {}", message);
        }
    }
}
