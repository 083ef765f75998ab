package io.zeekpipeline.parquet;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Where a batch goes: {@code <log_type>/year=YYYY/month=MM/day=DD/hour=HH/<prefix>_<log_type>_<source>.parquet},
 * by event time in UTC, the source being the Kafka partition and offsets of the rows. Stateless and thread-safe.
 */
public final class PartitionPath {

    /** Between the source fields of a file name; Kafka topic names cannot hold it. */
    static final char SEPARATOR = '+';
    static final String SUFFIX = ".parquet";

    private PartitionPath() {
    }

    /** The folder, relative to the base path, of a log type's partition holding the given event time. */
    public static String directoryOf(String logType, long eventTimeMicros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(eventTimeMicros, 1_000_000L), 0, ZoneOffset.UTC);
        StringBuilder path = new StringBuilder(logType.length() + 40).append(logType).append("/year=");
        pad(path, t.getYear(), 4).append("/month=");
        pad(path, t.getMonthValue(), 2).append("/day=");
        pad(path, t.getDayOfMonth(), 2).append("/hour=");
        return pad(path, t.getHour(), 2).toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    /**
     * The file of a batch, named from its source:
     * {@code <prefix>_<log_type>_<topic>+<partition>+<first offset>+<last offset>+<first time>+<last time>.parquet}
     * (times: the records' Kafka timestamps, epoch ms). The same records always get the same name, and
     * a replay that skips persisted records never reuses one; the times tell a recreated topic's
     * records from the old ones at the same offsets.
     */
    public static String fileNameOf(String prefix, ParquetBatch batch) {
        return prefix + "_" + batch.logType() + "_" + batch.topic() + SEPARATOR + batch.partition() + SEPARATOR
               + batch.firstOffset() + SEPARATOR + batch.lastOffset() + SEPARATOR + batch.firstTimestamp() + SEPARATOR
               + batch.lastTimestamp() + SUFFIX;
    }
}
