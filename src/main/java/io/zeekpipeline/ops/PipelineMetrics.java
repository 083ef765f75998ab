package io.zeekpipeline.ops;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.LongStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline's counters and gauges as Micrometer meters in one registry (Camel's, scraped at
 * /observe/metrics), read back by the health line and the demo summary. Meters of a label value are
 * made once and cached, so the per-record path never looks in the registry. Thread-safe.
 */
public final class PipelineMetrics {

    /** Label value of records whose log type normalization.json does not list: their names are unbounded. */
    public static final String UNLISTED_LOG_TYPE = "unlisted";
    private static final String LOG_TYPE = "log_type";
    private static final String BYTES = "bytes";

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter droppedByRoute;
    private final Counter alreadyPersisted;
    private final Counter replayed;
    private final Counter errors;
    private final Counter outputRetries;
    private final Counter unknownLogTypeRefused;
    private final Timer commitLatency;
    private final Timer parquetWriteLatency;
    private final AtomicLong firstConsumedMillis = new AtomicLong();
    private final AtomicLong bufferedEvents = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong inFlightBytes = new AtomicLong();
    /** Log types of normalization.json only: any number of names may arrive, the rules are few. */
    private final Map<String, Counter> eventsByLogType = new ConcurrentHashMap<>();
    private final Map<String, Counter> withoutTimeByLogType = new ConcurrentHashMap<>();
    private final Map<String, Counter> parquetRowsByLogType = new ConcurrentHashMap<>();
    private final Map<String, Counter> parquetFilesByLogType = new ConcurrentHashMap<>();
    private final Map<String, Counter> parquetBytesByLogType = new ConcurrentHashMap<>();
    private final Map<String, Counter> flushesByReason = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettersByReason = new ConcurrentHashMap<>();
    private final Map<String, Counter> outputRecordsByLogType = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> committedOffsets = new ConcurrentHashMap<>();

    /** Meters in a registry of their own: for tests and benchmarks that run parts without Camel. */
    public PipelineMetrics() {
        this(new SimpleMeterRegistry());
    }

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        consumed = counter("zeek.records.consumed", "Kafka records polled from the input topic");
        droppedByRoute = counter("zeek.records.dropped", "records a route dropped on purpose");
        alreadyPersisted = counter("zeek.records.already.persisted",
                "records read again that a published Parquet file already holds");
        replayed = counter("zeek.records.replayed", "records read again while this process had them in hand");
        errors = counter("zeek.errors", "failed commits, output retries and refused sends (the health line's errors)");
        outputRetries = counter("zeek.output.retries", "retries of an output batch (Parquet write or Kafka send)");
        unknownLogTypeRefused = counter("zeek.records.unknown.log.type.refused",
                "records of a log type over pipeline.input.max-unknown-log-types, dead-lettered");
        // a few fixed buckets: a histogram Prometheus can aggregate, a handful of series, no per-record cost
        commitLatency = Timer.builder("zeek.offset.commit")
                .description("time from an offset commit request to the broker's answer, per commit of a poll")
                .serviceLevelObjectives(millis(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000))
                .register(registry);
        parquetWriteLatency = Timer.builder("zeek.parquet.write")
                .description("time to write and publish one Parquet file")
                .serviceLevelObjectives(millis(10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000))
                .register(registry);
        Gauge.builder("zeek.buffered.records", bufferedEvents, AtomicLong::get)
                .description("records in open Parquet and output batches").register(registry);
        Gauge.builder("zeek.buffered", bufferedBytes, AtomicLong::get).baseUnit(BYTES)
                .description("message bytes in open Parquet and output batches").register(registry);
        Gauge.builder("zeek.in.flight", inFlightBytes, AtomicLong::get).baseUnit(BYTES)
                .description("message bytes of completed batches being written, sent or retried").register(registry);
    }

    /** The open Parquet batches, read when the registry is scraped. */
    public void openBatches(IntSupplier openBatches) {
        Gauge.builder("zeek.parquet.open.batches", openBatches::getAsInt)
                .description("Parquet batches open (one per log type, event hour and source partition)")
                .register(registry);
    }

    public void consumed(int records) {
        consumed.increment(records);
        if (firstConsumedMillis.get() == 0) {
            firstConsumedMillis.compareAndSet(0, System.currentTimeMillis());
        }
    }

    /**
     * Records of a poll detected as one log type; counted by log type when normalization.json lists the type
     * (see {@link #eventsByLogType}), else under {@link #UNLISTED_LOG_TYPE}.
     */
    public void detected(String logType, boolean known, int records) {
        perLabel(eventsByLogType, known ? logType : UNLISTED_LOG_TYPE,
                type -> counter("zeek.records.detected", "records by the log type detected", LOG_TYPE, type))
                .increment(records);
    }

    /**
     * A record without a time field, kept with its arrival time; labelled as in {@link #detected}.
     */
    public void withoutTime(String logType, boolean known) {
        perLabel(withoutTimeByLogType, known ? logType : UNLISTED_LOG_TYPE, type -> counter(
                "zeek.records.without.time", "records without a time field, kept with their arrival time",
                LOG_TYPE, type)).increment();
    }

    /** Records without a time field by log type label. */
    public Map<String, Long> withoutTimeByLogType() {
        return snapshot(withoutTimeByLogType);
    }

    /** Records of a log type without a rule, sent to the dead letters over pipeline.input.max-unknown-log-types. */
    public void unknownLogTypeRefused(int records) {
        unknownLogTypeRefused.increment(records);
    }

    public long unknownLogTypeRefusedCount() {
        return count(unknownLogTypeRefused);
    }

    /** A record the dead-letter topic took; {@code reason} is one of a small fixed set of classes, never free text. */
    public void deadLettered(String reason) {
        perLabel(deadLettersByReason, reason, r -> counter("zeek.records.dead.lettered",
                "records the dead-letter topic took, by reason class", "reason", r)).increment();
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
        return count(alreadyPersisted);
    }

    public long replayedCount() {
        return count(replayed);
    }

    public void droppedByRoute() {
        droppedByRoute.increment();
    }

    public void error() {
        errors.increment();
    }

    /** A retry of an output batch; also an error of the health line. */
    public void outputRetry() {
        outputRetries.increment();
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

    /**
     * A Parquet file of a log type, {@code rows} rows and {@code fileBytes} bytes, completed by
     * {@code completedBy}.
     */
    public void parquetFileWritten(String logType, int rows, long fileBytes, String completedBy) {
        perLabel(parquetFilesByLogType, logType, type -> counter("zeek.parquet.files.written",
                "Parquet files published", LOG_TYPE, type)).increment();
        perLabel(parquetRowsByLogType, logType, type -> counter("zeek.parquet.records.written",
                "records written to published Parquet files", LOG_TYPE, type)).increment(rows);
        perLabel(parquetBytesByLogType, logType, type -> Counter.builder("zeek.parquet.written").baseUnit(BYTES)
                .description("bytes of published Parquet files").tag(LOG_TYPE, type).register(registry))
                .increment(fileBytes);
        perLabel(flushesByReason, completedBy, reason -> counter("zeek.parquet.flushes",
                "Parquet batches flushed, by what completed them", "reason", reason)).increment();
    }

    /** Records of a log type the output topic acknowledged. */
    public void outputSent(String logType, int records) {
        perLabel(outputRecordsByLogType, logType, type -> counter("zeek.output.records.sent",
                "records the output topic acknowledged", LOG_TYPE, type)).increment(records);
    }

    /** An offset commit answered (or failed) {@code nanos} after it was requested. */
    public void commitTook(long nanos) {
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A Parquet file written and published in {@code nanos}. */
    public void parquetWriteTook(long nanos) {
        parquetWriteLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> committedOffsets.computeIfAbsent(tp, this::committedGauge)
                .accumulateAndGet(om.offset(), Math::max));
    }

    public long consumedCount() {
        return count(consumed);
    }

    /** Wall-clock time of the first consumed record in epoch milliseconds, 0 before it. */
    public long firstConsumedMillis() {
        return firstConsumedMillis.get();
    }

    public long deadLetteredCount() {
        return deadLettersByReason.values().stream().mapToLong(PipelineMetrics::count).sum();
    }

    public long droppedByRouteCount() {
        return count(droppedByRoute);
    }

    public long errorCount() {
        return count(errors);
    }

    public long parquetFileCount() {
        return parquetFilesByLogType.values().stream().mapToLong(PipelineMetrics::count).sum();
    }

    public long parquetRowCount() {
        return parquetRowsByLogType.values().stream().mapToLong(PipelineMetrics::count).sum();
    }

    public long outputRecordCount() {
        return outputRecordsByLogType.values().stream().mapToLong(PipelineMetrics::count).sum();
    }

    public long bufferedEvents() {
        return bufferedEvents.get();
    }

    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    public long committedOffsetSum() {
        return committedOffsets.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Records per log type that normalization.json lists (the others are in the unknown-log-type limit). */
    public Map<String, Long> eventsByLogType() {
        Map<String, Long> listed = snapshot(eventsByLogType);
        listed.remove(UNLISTED_LOG_TYPE);
        return listed;
    }

    public Map<String, Long> flushesByReason() {
        return snapshot(flushesByReason);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private AtomicLong committedGauge(TopicPartition partition) {
        AtomicLong offset = new AtomicLong();
        Gauge.builder("zeek.committed.offset", offset, AtomicLong::get)
                .description("the next offset committed for a partition of the input topic")
                .tags("topic", partition.topic(), "partition", String.valueOf(partition.partition()))
                .register(registry);
        return offset;
    }

    private static Duration[] millis(long... values) {
        return LongStream.of(values).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    }

    /** The cached meter of a label value; the registry is asked only the first time. */
    private static Counter perLabel(Map<String, Counter> meters, String label, Function<String, Counter> create) {
        Counter meter = meters.get(label);
        return meter != null ? meter : meters.computeIfAbsent(label, create);
    }

    private static long count(Counter counter) {
        return (long) counter.count();
    }

    private static Map<String, Long> snapshot(Map<String, Counter> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, count(v)));
        return copy;
    }
}
