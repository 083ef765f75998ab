package io.zeekpipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar gets SIGTERM while its Parquet output keeps failing (a file stands where the
 * log-type folder must go): it exits within the drain timeout, commits nothing it did not write, and
 * once the folder can be written a restart writes every record once.
 */
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 2))
class FailingOutputSigtermIT {

    private static final int RECORDS = 3000;
    private static final int DRAIN_TIMEOUT_SECONDS = 5;

    @TempDir
    Path work;

    @Test
    void exitsWithinTheDrainTimeoutAndTheRestartWritesEveryRecordOnce(EmbeddedKafka kafka) throws Exception {
        Path output = Files.createDirectories(work.resolve("out"));
        Path blocker = Files.writeString(output.resolve("conn"), "not a folder");
        kafka.produce("zeek-raw", ZeekSamples.uniqueConnRecords(RECORDS));
        Map<String, String> env = Map.of(
                "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                "PIPELINE_INPUT_GROUP_ID", "sigterm-failing-output",
                "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                "PIPELINE_FLUSH_EVENT_COUNT", "500",
                "PIPELINE_FLUSH_INTERVAL_SECONDS", "1",
                "PIPELINE_SHUTDOWN_DRAIN_TIMEOUT_SECONDS", String.valueOf(DRAIN_TIMEOUT_SECONDS),
                // a Hadoop setting by environment variable: the start-up log names it
                "PIPELINE_HADOOP_IO_FILE_BUFFER_SIZE", "65536");
        try (PipelineProcess pipeline = PipelineProcess.start(work, List.of("-Xmx512m"), List.of(), env)) {
            RunningPipeline.await(() -> pipeline.lastHealth("errors") > 2, Duration.ofSeconds(90),
                    "a health line counting the failed writes");
            assertTrue(pipeline.logText()
                    .contains("Hadoop settings from pipeline.hadoop.* | keys=[io.file.buffer.size]"),
                    pipeline.logText());

            assertTrue(pipeline.terminate(DRAIN_TIMEOUT_SECONDS + 5), "exits within the drain timeout after SIGTERM");
            String text = pipeline.logText();
            assertTrue(text.contains("| WARN  | shutdown | "
                    + "outputs still failing as the drain timeout ends; their retries stop"),
                    text);
            assertTrue(text.contains("| WARN  | shutdown | drain incomplete"), text);
        }
        assertEquals(0, kafka.committedSum("sigterm-failing-output", "zeek-raw"), "nothing written, nothing committed");

        Files.delete(blocker);
        try (PipelineProcess restarted = PipelineProcess.start(work, List.of("-Xmx512m"), List.of(), env)) {
            RunningPipeline.await(() -> kafka.committedSum("sigterm-failing-output", "zeek-raw") == RECORDS,
                    Duration.ofSeconds(120), "every offset committed after the restart");
            assertTrue(restarted.terminate(60), "exits after SIGTERM");
        }
        assertEquals(RECORDS, ParquetOutput.rows(output, "conn"), "no record lost or doubled");
        assertEquals(RECORDS, ParquetOutput.scalar(output, "conn", "count(DISTINCT flow_id)"));
    }
}
