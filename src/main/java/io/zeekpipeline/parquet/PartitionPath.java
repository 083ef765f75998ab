package io.zeekpipeline.parquet;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.zeekpipeline.model.ZeekEvent;

/**
 * Where a batch goes: {@code <log_type>/year=YYYY/month=MM/day=DD/hour=HH/<prefix>_<log_type>_<unique>.parquet},
 * by event time in UTC. Stateless and thread-safe.
 */
public final class PartitionPath {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    private PartitionPath() {
    }

    /** The aggregation key: events of one log type and one event-time hour share a file. */
    public static String bucketOf(ZeekEvent event) {
        return event.logType() + "/" + Math.floorDiv(event.eventTimeMicros(), MICROS_PER_HOUR);
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

    /** A file name that no other batch, restart or instance produces. */
    public static String fileNameOf(String prefix, String logType) {
        return prefix + "_" + logType + "_" + System.currentTimeMillis() + "-"
               + UUID.randomUUID().toString().substring(0, 13).replace("-", "") + ".parquet";
    }
}
