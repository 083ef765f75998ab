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

    /** The folder of the event's partition, relative to the base path. */
    public static String directoryOf(ZeekEvent event) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(event.eventTimeMicros(), 1_000_000L), 0,
                ZoneOffset.UTC);
        return String.format("%s/year=%04d/month=%02d/day=%02d/hour=%02d", event.logType(), t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour());
    }

    /** A file name that no other batch, restart or instance produces. */
    public static String fileNameOf(String prefix, String logType) {
        return prefix + "_" + logType + "_" + System.currentTimeMillis() + "-"
               + UUID.randomUUID().toString().substring(0, 13).replace("-", "") + ".parquet";
    }
}
