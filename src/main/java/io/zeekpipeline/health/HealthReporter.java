package io.zeekpipeline.health;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.ingest.UnknownLogTypeLimit;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.BufferBudget;
import org.apache.camel.health.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the periodic health line: real RSS, heap, buffered events and bytes, events per second,
 * flushes, errors, dead letters, pending offsets, the admitted log types without a rule, and the
 * liveness of the checks given (which this line's timer evaluates, {@link CommitStallCheck} among them), with the
 * reason of the first one DOWN. Called from one timer thread; keeps the previous sample to compute the rate.
 */
public class HealthReporter {

    private static final Logger LOG = LoggerFactory.getLogger("health");
    private static final long MIB = 1024L * 1024L;

    private final PipelineMetrics metrics;
    private final OffsetTracker tracker;
    private final UnknownLogTypeLimit unknownLogTypes;
    private final BufferBudget openBatches;
    private final List<HealthCheck> liveness;
    private long lastConsumed;
    private long lastNanos = System.nanoTime();

    public HealthReporter(PipelineMetrics metrics, OffsetTracker tracker, UnknownLogTypeLimit unknownLogTypes,
            BufferBudget openBatches, List<HealthCheck> liveness) {
        this.metrics = metrics;
        this.tracker = tracker;
        this.unknownLogTypes = unknownLogTypes;
        this.openBatches = openBatches;
        this.liveness = List.copyOf(liveness);
    }

    public void report() {
        long now = System.nanoTime();
        long consumed = metrics.consumedCount();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long eps = Math.round((consumed - lastConsumed) / seconds);
        lastConsumed = consumed;
        lastNanos = now;
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        List<HealthCheck.Result> live = liveness.stream().map(HealthCheck::call).toList();
        HealthCheck.Result down = live.stream().filter(r -> r.getState() == HealthCheck.State.DOWN).findFirst()
                .orElse(null);
        Object stalledFor = live.stream().map(r -> r.getDetails().get(CommitStallCheck.STALLED_FOR))
                .filter(Objects::nonNull).findFirst().orElse(0);
        LOG.info("health | memory={}MB heap={}MB buffer={}MB buffered_events={} eps={} consumed={} flushes={} "
                 + "errors={} dead_letters={} pending_offsets={} unknown_log_types={} | live={} stalled_for={}s "
                 + "open_batches={} open_batches_peak={} unknown_log_types_refused={} heap_peak={}MB gc_ms={} "
                 + "first_record_at={} committed={} dropped_by_route={} already_persisted={} replayed={} "
                 + "flush_reasons={}{}",
                residentSetBytes() / MIB, heapUsed / MIB, String.format("%.1f", metrics.bufferedBytes() / (double) MIB),
                metrics.bufferedEvents(), eps, consumed, metrics.parquetFileCount(), metrics.errorCount(),
                metrics.deadLetteredCount(), tracker.pending(), unknownLogTypes.admittedTypes(),
                down == null ? HealthCheck.State.UP : HealthCheck.State.DOWN, stalledFor, openBatches.openCount(),
                openBatches.peakOpenCount(), metrics.unknownLogTypeRefusedCount(), heapPeak / MIB, gcMillis,
                metrics.firstConsumedMillis(), metrics.committedOffsetSum(), metrics.droppedByRouteCount(),
                metrics.alreadyPersistedCount(), metrics.replayedCount(), metrics.flushesByReason(),
                down == null ? "" : " | live_down=" + down.getCheck().getGroup() + "/" + down.getCheck().getId()
                                    + ": " + down.getMessage().orElse(""));
    }

    /** VmRSS from /proc/self/status (the seed always printed 0 here); -1 where /proc is absent. */
    public static long residentSetBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read /proc/self/status | {}", e.toString());
        }
        return -1;
    }
}
