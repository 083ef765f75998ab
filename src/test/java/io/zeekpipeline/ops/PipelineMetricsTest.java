package io.zeekpipeline.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The meters PipelineMetrics registers, and the health line's readers over the same meters. */
class PipelineMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    @Test
    void countsRecordsByListedLogTypeAndTheOthersAsUnlisted() {
        metrics.detected("conn", true, 1);
        metrics.detected("conn", true, 2);
        metrics.detected("dns", true, 1);
        metrics.detected("vendor_a", false, 1);
        metrics.detected("vendor_b", false, 2);

        assertEquals(3.0, registry.get("zeek.records.detected").tag("log_type", "conn").counter().count());
        assertEquals(3.0, registry.get("zeek.records.detected").tag("log_type", "unlisted").counter().count());
        assertEquals(Map.of("conn", 3L, "dns", 1L), metrics.eventsByLogType());
    }

    @Test
    void deadLettersCountByReasonAndInAll() {
        metrics.deadLettered("invalid_message");
        metrics.deadLettered("invalid_message");
        metrics.deadLettered("unknown_log_type");

        assertEquals(2.0,
                registry.get("zeek.records.dead.lettered").tag("reason", "invalid_message").counter().count());
        assertEquals(3, metrics.deadLetteredCount());
    }

    @Test
    void parquetFilesCountRowsBytesAndFlushReasonsByLogType() {
        metrics.parquetFileWritten("conn", 100, 4096, "interval");
        metrics.parquetFileWritten("conn", 50, 2048, "force");
        metrics.parquetFileWritten("dns", 7, 512, "interval");

        assertEquals(150.0, registry.get("zeek.parquet.records.written").tag("log_type", "conn").counter().count());
        assertEquals(6144.0, registry.get("zeek.parquet.written").tag("log_type", "conn").counter().count());
        assertEquals(3, metrics.parquetFileCount());
        assertEquals(157, metrics.parquetRowCount());
        assertEquals(Map.of("force", 1L, "interval", 2L), metrics.flushesByReason());
    }

    @Test
    void keepsTheHighestCommittedOffsetPerPartition() {
        TopicPartition p0 = new TopicPartition("zeek-raw", 0);
        TopicPartition p1 = new TopicPartition("zeek-raw", 1);
        metrics.committed(Map.of(p0, new OffsetAndMetadata(10), p1, new OffsetAndMetadata(4)));
        metrics.committed(Map.of(p0, new OffsetAndMetadata(7)));

        assertEquals(10.0, registry.get("zeek.committed.offset").tag("partition", "0").gauge().value());
        assertEquals(14, metrics.committedOffsetSum());
    }

    @Test
    void outputRecordsCountByLogTypeAndInAll() {
        metrics.outputSent("conn", 30);
        metrics.outputSent("dns", 20);
        metrics.outputSent("conn", 1);

        assertEquals(31.0, registry.get("zeek.output.records.sent").tag("log_type", "conn").counter().count());
        assertEquals(20.0, registry.get("zeek.output.records.sent").tag("log_type", "dns").counter().count());
        assertEquals(51, metrics.outputRecordCount());
    }

    @Test
    void commitAndParquetWriteLatenciesAreHistogramsInSeconds() {
        metrics.commitTook(TimeUnit.MILLISECONDS.toNanos(3));
        metrics.commitTook(TimeUnit.MILLISECONDS.toNanos(40));
        metrics.parquetWriteTook(TimeUnit.MILLISECONDS.toNanos(700));

        Timer commits = registry.get("zeek.offset.commit").timer();
        assertEquals(2, commits.count());
        assertEquals(43.0, commits.totalTime(TimeUnit.MILLISECONDS));
        Map<Double, Double> buckets = new HashMap<>();
        for (CountAtBucket bucket : commits.takeSnapshot().histogramCounts()) {
            buckets.put(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count());
        }
        assertEquals(0.0, buckets.get(1.0));
        assertEquals(1.0, buckets.get(5.0));
        assertEquals(1.0, buckets.get(25.0));
        assertEquals(2.0, buckets.get(50.0));
        assertEquals(700.0, registry.get("zeek.parquet.write").timer().totalTime(TimeUnit.MILLISECONDS));
    }

    @Test
    void anOutputRetryIsAlsoAnError() {
        metrics.outputRetry();
        metrics.error();

        assertEquals(1.0, registry.get("zeek.output.retries").counter().count());
        assertEquals(2, metrics.errorCount());
    }
}
