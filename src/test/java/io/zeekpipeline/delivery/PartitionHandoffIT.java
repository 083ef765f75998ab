package io.zeekpipeline.delivery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A second instance joining the group takes partitions from the first: the first writes the open
 * batches of those partitions and commits them before letting go, so the second reads nothing again
 * and every record is in Parquet once.
 */
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 4))
class PartitionHandoffIT {

    @TempDir
    Path output;

    @Test
    void revokedPartitionsAreWrittenAndCommittedBeforeTheNewOwnerReadsThem(EmbeddedKafka kafka, Connection duck)
            throws Exception {
        List<String> lines = ZeekSamples.lines("json/conn.log");
        kafka.produce("zeek-raw", ZeekSamples.tagged("conn", lines));
        Map<String, String> settings = PipelineSettings.onlyStopsWriteFiles(kafka, "handoff-test", output);
        try (RunningPipeline first = RunningPipeline.start(settings)) {
            RunningPipeline.await(() -> first.metrics().consumedCount() == lines.size(), Duration.ofSeconds(60),
                    "every record consumed by the first instance");
            assertEquals(0, kafka.committedSum("handoff-test", "zeek-raw"), "nothing is durable yet");

            try (RunningPipeline second = RunningPipeline.start(settings)) {
                RunningPipeline.await(() -> kafka.committedSum("handoff-test", "zeek-raw") == lines.size(),
                        Duration.ofSeconds(60), "every offset committed by the handover");
                assertEquals(0, second.metrics().consumedCount(), "the new owner reads nothing again");
            }
        }
        assertEquals(lines.size(), kafka.endOffsetSum("zeek-normalized"));
        try (ResultSet rs = duck.createStatement().executeQuery(
                "SELECT count(*) FROM read_parquet('" + output + "/conn/**/*.parquet')")) {
            rs.next();
            assertEquals(lines.size(), rs.getLong(1));
        }
    }
}
