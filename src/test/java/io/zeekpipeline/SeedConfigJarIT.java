package io.zeekpipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zeekpipeline.testkit.EmbeddedKafka;
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
class SeedConfigJarIT {

    @TempDir
    Path work;

    @Test
    void runsFromTheSeedConfigAndDrainsOnSigterm() throws Exception {
        List<String> lines = ZeekSamples.lines("json/conn.log");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("zeek-raw", 2);
            Path output = work.resolve("out");
            Path logs = work.resolve("logs");
            Path config = work.resolve("config.json");
            Files.writeString(config, """
                    {
                      "kafka": {"brokers": ["%1$s"], "topic": "zeek-raw", "group_id": "parquet-writer-group", "max_poll_records": 1000},
                      "output": {
                        "parquet": {"enabled": true, "base_path": "%2$s", "file_prefix": "events"},
                        "kafka": {"enabled": true, "brokers": ["%1$s"], "topic": "zeek-normalized", "compression": "lz4"}
                      },
                      "log": {"path": "%3$s"},
                      "write": {"flush_buffer_mb": 1, "flush_interval_seconds": 60, "flush_event_count": 1000}
                    }
                    """.formatted(kafka.bootstrapServers(), output, logs));
            kafka.produce("zeek-raw", ZeekSamples.tagged("conn", lines));

            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar",
                    Path.of("target/zeek-pipeline.jar").toAbsolutePath().toString(), "--config", config.toString())
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("console.txt").toFile());
            builder.environment().put("PIPELINE_HEALTH_INTERVAL_SECONDS", "1");
            Process process = builder.start();
            try {
                Path log = logs.resolve("pipeline.log");
                RunningPipeline.await(() -> healthConsumed(log) == lines.size(), Duration.ofSeconds(90),
                        "a health line reporting every record consumed");
                // the 60 s interval and 1000 events cannot have completed the batch: only SIGTERM writes it
                assertEquals(0, kafka.committedSum("parquet-writer-group", "zeek-raw"));
                process.destroy();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
                String text = Files.readString(log);
                Matcher memory = Pattern.compile("health \\| memory=(\\d+)MB").matcher(text);
                assertTrue(memory.find() && Long.parseLong(memory.group(1)) > 0, "real RSS in the health line");
                assertTrue(text.contains(" | INFO  | shutdown | drained"), "drained on SIGTERM:\n" + text);
            } finally {
                process.destroyForcibly();
            }
            assertEquals(lines.size(), kafka.committedSum("parquet-writer-group", "zeek-raw"));
            assertEquals(lines.size(), kafka.endOffsetSum("zeek-normalized"));
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 ResultSet rs = duck.createStatement().executeQuery(
                         "SELECT count(*) FROM read_parquet('" + output + "/conn/**/*.parquet')")) {
                rs.next();
                assertEquals(lines.size(), rs.getLong(1));
            }
        }
    }

    private static long healthConsumed(Path log) {
        try {
            if (!Files.exists(log)) {
                return -1;
            }
            Matcher m = Pattern.compile("health \\|.* consumed=(\\d+)").matcher(Files.readString(log));
            long last = -1;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            return last;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
