package io.zeekpipeline;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.testkit.PipelineProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar refuses to start on a user's mistake: exit code 2 and one ERROR line on the console
 * and in pipeline.log, without a stack trace; a log folder it cannot write is one warning.
 */
class StartupMistakesJarIT {

    @TempDir
    Path work;

    @Test
    void refusesAConfigJsonWithAnUnknownKey() throws Exception {
        Path config = Files.writeString(work.resolve("config.json"), """
                {"kafka": {"brokers": ["localhost:%d"], "topicz": "zeek-raw"}, "ouptut": {}}
                """.formatted(closedPort()));

        String error = refusedStart(List.of(), List.of("--config", config.toString()), Map.of());

        assertTrue(error.contains("unknown key kafka.topicz in config.json (did you mean kafka.topic?)"), error);
        assertTrue(error.contains("unknown key ouptut in config.json (did you mean output?)"), error);
    }

    @Test
    void reportsBadSettingsFromEverySourceTogether() throws Exception {
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/application.properties"),
                Files.readString(Path.of("config/application.properties"))
                        .replace("pipeline.input.max-poll-records=1000", "pipeline.input.max-poll-records=0"));
        Path config = Files.writeString(work.resolve("config.json"), """
                {"kafka": {"brokers": ["localhost:%d"], "topic": "zeek raw"}, \
                "output": {"parquet": {"base_path": "%s"}}}
                """.formatted(closedPort(), work.resolve("out")));

        String error = refusedStart(List.of("-Dpipeline.parquet.compression=lzo4"),
                List.of("--config", config.toString()),
                Map.of("PIPELINE_INPUT_MAX_MESSAGE_BYTES", "abc"));

        for (String problem : new String[] {
            "pipeline.input.topic='zeek raw' (config.json) must be a Kafka topic name",
            "pipeline.input.max-poll-records='0' (application.properties file config/application.properties) must be a "
            + "whole number from 1 to",
            "pipeline.input.max-message-bytes='abc' (environment variable PIPELINE_INPUT_MAX_MESSAGE_BYTES) must be a "
            + "whole number from 1 to",
            "pipeline.parquet.compression='lzo4' (system property -Dpipeline.parquet.compression) must be one of "
            + "snappy, zstd, gzip, uncompressed"}) {
            assertTrue(error.contains(problem), () -> "'" + error + "' lacks: " + problem);
        }
    }

    @Test
    void namesTheManagementPortAnotherProcessHolds() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            int port = busy.getLocalPort();

            String error = refusedStart(List.of(), List.of(), Map.of(PipelineProcess.MANAGEMENT_PORT_VARIABLE,
                    String.valueOf(port), "PIPELINE_INPUT_BROKERS", "localhost:" + closedPort(),
                    "PIPELINE_PARQUET_BASE_PATH", work.resolve("out").toString()));

            assertTrue(error.endsWith("not started: camel.management.port " + port + " is in use"), error);
        }
    }

    @Test
    void refusesAParquetFolderItCannotWrite() throws Exception {
        // a folder cannot be made under a file
        Path blocker = Files.writeString(work.resolve("blocker"), "a file");

        String error = refusedStart(List.of(), List.of(), Map.of("PIPELINE_INPUT_BROKERS", "localhost:" + closedPort(),
                "PIPELINE_PARQUET_BASE_PATH", blocker.resolve("out").toString()));

        assertTrue(error.contains("not started: cannot write Parquet files (SNAPPY) to pipeline.parquet.base-path "
                                  + blocker.resolve("out")), error);
    }

    @Test
    void aLogFolderItCannotWriteIsOneWarningAndTheConsoleKeepsLogging() throws Exception {
        Path blocker = Files.writeString(work.resolve("blocker"), "a file");
        Path config = Files.writeString(work.resolve("config.json"), """
                {"kafka": {"brokers": ["localhost:%d"], "topicz": "zeek-raw"}}
                """.formatted(closedPort()));

        try (PipelineProcess pipeline = PipelineProcess.start(work, List.of(), List.of("--config", config.toString()),
                Map.of("PIPELINE_LOG_PATH", blocker.resolve("logs").toString()))) {
            assertTrue(pipeline.awaitExit(120), "exits by itself");
            String console = pipeline.consoleText();
            assertEquals(2, pipeline.exitCode(), console);
            assertTrue(console.contains("| WARN  | startup | cannot write " + blocker.resolve("logs/pipeline.log")
                                        + ": logging to the console only | check pipeline.log.path"), console);
            assertTrue(console.contains("| ERROR |") && console.contains("unknown key kafka.topicz"), console);
            // neither logback's list of its own statuses nor a stack trace
            assertFalse(console.contains("ch.qos.logback"), console);
            assertFalse(console.lines().anyMatch(line -> line.startsWith("\tat ")), console);
        }
    }

    /** Starts the jar, expects it to exit with 2 and one ERROR line in the console and the log; returns that line. */
    private String refusedStart(List<String> jvmArgs, List<String> args, Map<String, String> env) throws Exception {
        try (PipelineProcess pipeline = PipelineProcess.start(work, jvmArgs, args, env)) {
            assertTrue(pipeline.awaitExit(120), "exits by itself");
            String console = pipeline.consoleText();
            assertEquals(2, pipeline.exitCode(), console);
            List<String> errors = console.lines().filter(line -> line.contains("| ERROR |")).toList();
            assertEquals(1, errors.size(), console);
            assertFalse(console.lines().anyMatch(line -> line.startsWith("\tat ") || line.startsWith("Exception")),
                    console);
            assertTrue(pipeline.logText().contains(errors.get(0)), pipeline.logText());
            return errors.get(0);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
