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
 * The packaged jar, started as its own process from an empty folder with the seed's config.json
 * (so the bundled rules and routes are used), consumes, writes, logs health, and drains on SIGTERM.
 */
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 2))
class SeedConfigJarIT {

    @TempDir
    Path work;

    @Test
    void runsFromTheSeedConfigAndDrainsOnSigterm(EmbeddedKafka kafka) throws Exception {
        List<String> lines = ZeekSamples.lines("json/conn.log");
        kafka.produce("zeek-raw", ZeekSamples.tagged("conn", lines));
        Path output = work.resolve("out");
        Path config = work.resolve("config.json");
        Files.writeString(config, """
                {
                  "kafka": {"brokers": ["%1$s"], "topic": "zeek-raw", "group_id": "parquet-writer-group", \
                "max_poll_records": 1000},
                  "output": {
                    "parquet": {"enabled": true, "base_path": "%2$s", "file_prefix": "events"},
                    "kafka": {"enabled": true, "brokers": ["%1$s"], "topic": "zeek-normalized", "compression": "lz4"}
                  },
                  "log": {"path": "%3$s"},
                  "write": {"flush_buffer_mb": 1, "flush_interval_seconds": 60, "flush_event_count": 1000}
                }
                """.formatted(kafka.bootstrapServers(), output, work.resolve("logs")));

        try (PipelineProcess pipeline = PipelineProcess.start(work, List.of("-Xmx512m"),
                List.of("--config", config.toString()), Map.of())) {
            RunningPipeline.await(() -> pipeline.lastHealth("consumed") == lines.size(), Duration.ofSeconds(90),
                    "a health line reporting every record consumed");
            // the 60 s interval and 1000 events cannot have completed the batch: only SIGTERM writes it
            assertEquals(0, kafka.committedSum("parquet-writer-group", "zeek-raw"));
            assertTrue(pipeline.terminate(60), "exits after SIGTERM");
            String text = pipeline.logText();
            assertTrue(pipeline.lastHealth("memory") > 0, "real RSS in the health line");
            assertTrue(text.contains(" | INFO  | shutdown | drained"), "drained on SIGTERM:\n" + text);
        }
        assertEquals(lines.size(), kafka.committedSum("parquet-writer-group", "zeek-raw"));
        assertEquals(lines.size(), kafka.endOffsetSum("zeek-normalized"));
        assertEquals(lines.size(), ParquetOutput.rows(output, "conn"));
    }
}
