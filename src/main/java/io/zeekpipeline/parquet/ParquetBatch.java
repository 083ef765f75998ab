package io.zeekpipeline.parquet;

import io.zeekpipeline.event.SourceOffsets;
import io.zeekpipeline.parquet.rows.RowBlocks;
import io.zeekpipeline.parquet.rows.RowBuffer;
import io.zeekpipeline.parquet.rows.RowReader;

/**
 * The rows of one future Parquet file (one log type, one event-time hour, one source partition),
 * kept encoded back to back, with their source offsets and the source message bytes
 * they stand for. A poll's rows of a bucket start as a chunk that the aggregator appends to the
 * bucket's open batch. Owned by one exchange at a time; not thread-safe.
 */
public final class ParquetBatch {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    private final String key;
    private final String logType;
    private final String directory;
    private final String topic;
    private final int partition;
    private final RowBlocks rows = new RowBlocks();
    private final SourceOffsets offsets = new SourceOffsets();
    private long firstOffset = Long.MAX_VALUE;
    private long lastOffset = Long.MIN_VALUE;
    private long firstTimestamp = Long.MAX_VALUE;
    private long lastTimestamp = Long.MIN_VALUE;
    private int count;
    private long bytes;

    public ParquetBatch(String logType, long eventTimeMicros, String topic, int partition) {
        this.key = keyOf(logType, hourOf(eventTimeMicros), topic, partition);
        this.logType = logType;
        this.topic = topic;
        this.partition = partition;
        // one folder per batch: every row of a bucket shares the first row's hour
        this.directory = PartitionPath.directoryOf(logType, eventTimeMicros);
    }

    /** Hours since the epoch of an event time, the time part of a bucket. */
    public static long hourOf(long eventTimeMicros) {
        return Math.floorDiv(eventTimeMicros, MICROS_PER_HOUR);
    }

    /** The aggregation key: rows of one log type, one event-time hour and one source partition share a file. */
    public static String keyOf(String logType, long hour, String topic, int partition) {
        return logType + '/' + hour + sourceSuffix(topic, partition);
    }

    /** The end of the keys of a source partition's batches. */
    static String sourceSuffix(String topic, int partition) {
        return "/" + topic + "/" + partition;
    }

    /** Appends one encoded row, its source offset and Kafka timestamp; rows must come in offset order. */
    public void add(RowBuffer encodedRow, long offset, long timestampMillis, int messageBytes) {
        rows.add(encodedRow);
        offsets.add(topic, partition, offset);
        firstOffset = Math.min(firstOffset, offset);
        lastOffset = Math.max(lastOffset, offset);
        firstTimestamp = Math.min(firstTimestamp, timestampMillis);
        lastTimestamp = Math.max(lastTimestamp, timestampMillis);
        count++;
        bytes += messageBytes;
    }

    /** Moves a later chunk of the same bucket to the end of this batch. */
    void append(ParquetBatch chunk) {
        if (!chunk.key.equals(key)) {
            throw new IllegalArgumentException("chunk of bucket " + chunk.key + " appended to " + key);
        }
        rows.append(chunk.rows);
        offsets.addAll(chunk.offsets);
        firstOffset = Math.min(firstOffset, chunk.firstOffset);
        lastOffset = Math.max(lastOffset, chunk.lastOffset);
        firstTimestamp = Math.min(firstTimestamp, chunk.firstTimestamp);
        lastTimestamp = Math.max(lastTimestamp, chunk.lastTimestamp);
        count += chunk.count;
        bytes += chunk.bytes;
    }

    /** The rows in order, to read {@link #rowCount()} rows from. */
    RowReader rows() {
        return rows.reader();
    }

    public String key() {
        return key;
    }

    public String logType() {
        return logType;
    }

    /** Folder of the batch's partition, relative to the base path. */
    public String directory() {
        return directory;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** Lowest source offset of the rows. */
    public long firstOffset() {
        return firstOffset;
    }

    /** Highest source offset of the rows. */
    public long lastOffset() {
        return lastOffset;
    }

    /** Earliest Kafka timestamp of the rows (-1 when the records have none). */
    public long firstTimestamp() {
        return firstTimestamp;
    }

    /** Latest Kafka timestamp of the rows. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    public int rowCount() {
        return count;
    }

    public SourceOffsets offsets() {
        return offsets;
    }

    /** Size of the source messages of the rows (the measure of flush_buffer_mb). */
    public long bytes() {
        return bytes;
    }
}
