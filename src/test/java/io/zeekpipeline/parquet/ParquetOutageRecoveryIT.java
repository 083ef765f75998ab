package io.zeekpipeline.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Parquet folder cannot be written for a while (a file stands where the log-type folder must
 * go): consumption pauses at the in-flight limit, nothing is committed past what is durable, and once
 * the folder can be written every record lands exactly once.
 */
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 2))
class ParquetOutageRecoveryIT {

    private static final int RECORDS = 6000;

    @TempDir
    Path work;

    @Test
    void pausesWhileTheFolderIsUnwritableAndLosesOrDoublesNothingAfter(EmbeddedKafka kafka, Connection duck)
            throws Exception {
        Path output = work.resolve("out");
        Files.createDirectories(output);
        Path blocker = Files.writeString(output.resolve("conn"), "not a folder");
        kafka.produce("zeek-raw", ZeekSamples.uniqueConnRecords(RECORDS));
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of(
                "pipeline.input.brokers", kafka.bootstrapServers(),
                "pipeline.input.group-id", "outage",
                "pipeline.input.poll-timeout-ms", "200",
                "pipeline.input.max-poll-records", "100",
                // about two failed batches of 500 records pause the consumers
                "pipeline.input.max-in-flight-mb", "0.3",
                "pipeline.parquet.base-path", output.toString(),
                "pipeline.flush.event-count", "500",
                "pipeline.flush.interval-seconds", "1"))) {
            PipelineMetrics metrics = pipeline.metrics();
            RunningPipeline.await(() -> metrics.errorCount() > 0, Duration.ofSeconds(60), "a failed, counted write");
            Thread.sleep(3000);
            long consumed = metrics.consumedCount();
            Thread.sleep(2000);
            assertEquals(consumed, metrics.consumedCount(), "consumption paused");
            assertTrue(consumed < RECORDS, "paused before the end, consumed " + consumed);
            assertEquals(0, kafka.committedSum("outage", "zeek-raw"), "nothing is durable, nothing committed");

            Files.delete(blocker);
            RunningPipeline.await(() -> kafka.committedSum("outage", "zeek-raw") == RECORDS, Duration.ofSeconds(120),
                    "every offset committed after the folder became writable");
        }
        try (ResultSet rs = duck.createStatement().executeQuery("SELECT count(*), count(DISTINCT flow_id) FROM "
                + "read_parquet('" + output + "/conn/**/*.parquet')")) {
            rs.next();
            assertEquals(RECORDS, rs.getLong(1), "no record lost or doubled");
            assertEquals(RECORDS, rs.getLong(2));
        }
    }
}
