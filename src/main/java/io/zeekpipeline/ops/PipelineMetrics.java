package io.zeekpipeline.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The pipeline's counters and gauges, read by the health line and the demo summary. Thread-safe. */
public final class PipelineMetrics {

    private final LongAdder consumed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder droppedByRoute = new LongAdder();
    private final LongAdder alreadyPersisted = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder parquetFiles = new LongAdder();
    private final LongAdder parquetRows = new LongAdder();
    private final LongAdder outputRecords = new LongAdder();
    private final AtomicLong firstConsumedMillis = new AtomicLong();
    private final AtomicLong bufferedEvents = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final LongAdder unknownLogTypeRefused = new LongAdder();
    /** Log types of normalization.json only: any number of names may arrive, the rules are few. */
    private final Map<String, LongAdder> eventsByLogType = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> flushesByReason = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committedOffsets = new ConcurrentHashMap<>();

    public void consumed(int records) {
        consumed.add(records);
        if (firstConsumedMillis.get() == 0) {
            firstConsumedMillis.compareAndSet(0, System.currentTimeMillis());
        }
    }

    /** A record detected; counted by log type when normalization.json lists the type (see {@link #eventsByLogType}). */
    public void detected(String logType, boolean known) {
        if (known) {
            eventsByLogType.computeIfAbsent(logType, t -> new LongAdder()).increment();
        }
    }

    /** Records of a log type without a rule, sent to the dead letters over pipeline.input.max-unknown-log-types. */
    public void unknownLogTypeRefused(int records) {
        unknownLogTypeRefused.add(records);
    }

    public long unknownLogTypeRefusedCount() {
        return unknownLogTypeRefused.sum();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** A record read again that a published Parquet file already holds. */
    public void alreadyPersisted() {
        alreadyPersisted.increment();
    }

    /** A record read again while this process still has it (or had it) in hand. */
    public void replayed() {
        replayed.increment();
    }

    public long alreadyPersistedCount() {
        return alreadyPersisted.sum();
    }

    public long replayedCount() {
        return replayed.sum();
    }

    public void droppedByRoute() {
        droppedByRoute.increment();
    }

    public void error() {
        errors.increment();
    }

    public void buffered(long events, long bytes) {
        bufferedEvents.addAndGet(events);
        bufferedBytes.addAndGet(bytes);
    }

    /** Completed batches on their way to an output (being written, sent, or retried): their message bytes. */
    public void inFlight(long bytes) {
        inFlightBytes.addAndGet(bytes);
    }

    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    public void parquetFileWritten(int rows, String completedBy) {
        parquetFiles.increment();
        parquetRows.add(rows);
        flushesByReason.computeIfAbsent(completedBy, r -> new LongAdder()).increment();
    }

    public void outputSent(int records) {
        outputRecords.add(records);
    }

    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> committedOffsets.merge(tp, om.offset(), Math::max));
    }

    public long consumedCount() {
        return consumed.sum();
    }

    /** Wall-clock time of the first consumed record in epoch milliseconds, 0 before it. */
    public long firstConsumedMillis() {
        return firstConsumedMillis.get();
    }

    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    public long droppedByRouteCount() {
        return droppedByRoute.sum();
    }

    public long errorCount() {
        return errors.sum();
    }

    public long parquetFileCount() {
        return parquetFiles.sum();
    }

    public long parquetRowCount() {
        return parquetRows.sum();
    }

    public long outputRecordCount() {
        return outputRecords.sum();
    }

    public long bufferedEvents() {
        return bufferedEvents.get();
    }

    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    public long committedOffsetSum() {
        return committedOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records per log type that normalization.json lists (the others are in the unknown-log-type limit). */
    public Map<String, Long> eventsByLogType() {
        return snapshot(eventsByLogType);
    }

    public Map<String, Long> flushesByReason() {
        return snapshot(flushesByReason);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
