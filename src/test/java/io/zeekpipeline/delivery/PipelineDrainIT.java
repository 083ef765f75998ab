package io.zeekpipeline.delivery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stopping the pipeline flushes batches no flush condition has completed, and commits their offsets. */
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 2))
class PipelineDrainIT {

    @TempDir
    Path output;

    @Test
    void stopFlushesOpenBatchesToParquetAndCommitsEveryOffset(EmbeddedKafka kafka, Connection duck) throws Exception {
        List<String> lines = ZeekSamples.lines("json/conn.log");
        kafka.produce("zeek-raw", ZeekSamples.tagged("conn", lines));
        // no flush condition can fire during the test: only the stop may write
        Map<String, String> settings = PipelineSettings.onlyStopsWriteFiles(kafka, "drain-test", output);
        settings.put("pipeline.output.batch-size", "1000000");
        settings.put("pipeline.output.batch-interval-ms", "3600000");
        RunningPipeline pipeline = RunningPipeline.start(settings);
        PipelineMetrics metrics = pipeline.metrics();
        RunningPipeline.await(() -> metrics.consumedCount() == lines.size(), Duration.ofSeconds(60),
                "every record consumed");
        assertEquals(0, kafka.committedSum("drain-test", "zeek-raw"), "nothing is durable before the stop");

        pipeline.close();

        assertEquals(lines.size(), kafka.committedSum("drain-test", "zeek-raw"));
        assertEquals(lines.size(), kafka.endOffsetSum("zeek-normalized"));
        try (ResultSet rs = duck.createStatement().executeQuery(
                "SELECT count(*) FROM read_parquet('" + output
                + "/conn/**/*.parquet')")) {
            rs.next();
            assertEquals(lines.size(), rs.getLong(1));
        }
    }
}
