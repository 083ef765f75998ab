package io.zeekpipeline.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.SourceOffsets;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.testkit.SettableClock;
import org.apache.camel.health.HealthCheck;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitStallCheckTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-10-07T22:00:00Z"));
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final OffsetTracker tracker = new OffsetTracker(true, false);
    /** Flushes every minute: a stall after 4 + 1 minutes. */
    private final CommitStallCheck check =
            new CommitStallCheck(metrics, tracker, Duration.ofMinutes(4), Duration.ofMinutes(1), clock);

    @Test
    void isALivenessCheck() {
        assertTrue(check.isLiveness());
        assertEquals(false, check.isReadiness());
    }

    @Test
    void staysUpWhileNothingIsPendingHoweverLongNothingIsCommitted() {
        clock.advance(Duration.ofHours(2));
        HealthCheck.Result result = check.call();

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals(0L, result.getDetails().get(CommitStallCheck.STALLED_FOR));
    }

    @Test
    void goesDownWhenRecordsArePendingAndNothingWasCommittedForTheStallTime() {
        check.call();
        tracker.register("zeek-raw", 0, 0);
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertEquals(HealthCheck.State.UP, check.call().getState(), "just under five minutes");

        clock.advance(Duration.ofSeconds(1));
        HealthCheck.Result result = check.call();

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals(300L, result.getDetails().get(CommitStallCheck.STALLED_FOR));
        assertEquals(1L, result.getDetails().get(CommitStallCheck.PENDING));
        assertEquals("no offset committed for 300 s, pending records: 1 (stall time 300 s)",
                result.getMessage().orElseThrow());
    }

    @Test
    void comesBackUpOnceAnOffsetIsCommitted() {
        tracker.register("zeek-raw", 0, 0);
        tracker.register("zeek-raw", 0, 1);
        clock.advance(Duration.ofMinutes(6));
        assertEquals(HealthCheck.State.DOWN, check.call().getState());

        SourceOffsets written = new SourceOffsets();
        written.add("zeek-raw", 0, 0);
        new Delivery(tracker).durable(written, Output.PARQUET);
        metrics.committed(Map.of(new TopicPartition("zeek-raw", 0), new OffsetAndMetadata(1)));
        HealthCheck.Result result = check.call();

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals(0L, result.getDetails().get(CommitStallCheck.STALLED_FOR));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(HealthCheck.State.DOWN, check.call().getState(), "the second record is still pending");
    }

    @Test
    void withoutTimedFlushesRecordsWaitingInAnOpenBatchAreNoStallButABatchAnOutputHoldsIs() {
        // pipeline.flush.interval-seconds=0: a batch is written only at its size or row count
        CommitStallCheck sizeOnly = new CommitStallCheck(metrics, tracker, Duration.ofMinutes(5), Duration.ZERO, clock);
        sizeOnly.call();
        tracker.register("zeek-raw", 0, 0);
        metrics.buffered(1, 100);
        clock.advance(Duration.ofHours(1));
        HealthCheck.Result waiting = sizeOnly.call();

        assertEquals(HealthCheck.State.UP, waiting.getState(), "the record only waits for its batch to fill");
        assertEquals(0L, waiting.getDetails().get(CommitStallCheck.STALLED_FOR));

        // the batch completes, and its output never confirms it
        metrics.buffered(-1, -100);
        metrics.inFlight(100);
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertEquals(HealthCheck.State.UP, sizeOnly.call().getState(), "just under five minutes");
        clock.advance(Duration.ofSeconds(1));
        HealthCheck.Result stalled = sizeOnly.call();

        assertEquals(HealthCheck.State.DOWN, stalled.getState());
        assertEquals("no offset committed for 300 s, pending records: 1 (stall time 300 s)",
                stalled.getMessage().orElseThrow());
    }
}
