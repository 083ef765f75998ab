package io.zeekpipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.config.ApplicationProperties;
import io.zeekpipeline.config.InvalidConfigurationException;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineTest.Topic;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's application.properties named by -Dpipeline.properties-file (as PIPELINE_PROPERTIES_FILE names a
 * mounted file in Kubernetes) is layered over the bundled defaults: it need only hold what it changes.
 */
@PipelineTest(topics = {@Topic(name = "other"), @Topic(name = "zeek-normalized")})
class UserPropertiesFileIT {

    @TempDir
    Path work;

    @AfterEach
    void forgetUserFile() {
        System.clearProperty(ApplicationProperties.FILE_PROPERTY);
    }

    @Test
    void aFileSettingOnlyTheInputTopicKeepsEveryOtherDefault(EmbeddedKafka kafka) throws Exception {
        useFile("pipeline.input.topic=other\n");
        List<String> conn = ZeekSamples.lines("json/conn.log").subList(0, 20);
        Path output = work.resolve("output");
        kafka.produce("other", ZeekSamples.tagged("conn", conn));
        // besides the file, only the broker's port and a folder of the test's own
        Map<String, String> overrides = Map.of("pipeline.input.brokers", kafka.bootstrapServers(),
                "pipeline.parquet.base-path", output.toString());
        try (RunningPipeline pipeline = RunningPipeline.start(overrides)) {
            RunningPipeline.await(() -> kafka.endOffsetSum("zeek-normalized") == 20, Duration.ofSeconds(60),
                    "the 20 records of topic 'other' on the default output topic zeek-normalized");
        }

        // the stop wrote the open batch with the default prefix, under the topic the file named
        assertEquals(20, ParquetOutput.rows(output, "conn"));
        List<String> names = ParquetOutput.files(output).stream().map(file -> file.getFileName().toString()).toList();
        assertEquals(1, names.size(), names::toString);
        assertTrue(names.get(0).startsWith("events_conn_other+0+0+19+"), names::toString);
    }

    @Test
    void namesTheUserFileAsTheSourceOfABadValue() throws Exception {
        Path file = useFile("pipeline.input.max-poll-records=0\n");

        assertEquals("invalid settings: pipeline.input.max-poll-records='0' (application.properties file " + file
                     + ") must be a whole number from 1 to 2147483647", startFailure());
    }

    @Test
    void refusesANamedFileThatDoesNotExist() {
        Path missing = work.resolve("missing.properties");
        System.setProperty(ApplicationProperties.FILE_PROPERTY, missing.toString());

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> RunningPipeline.start(Map.of()));

        assertEquals("system property -Dpipeline.properties-file='" + missing + "' names no file (" + missing + ")",
                refused.getMessage());
    }

    private Path useFile(String text) throws IOException {
        Path file = Files.writeString(work.resolve("application.properties"), text);
        System.setProperty(ApplicationProperties.FILE_PROPERTY, file.toString());
        return file;
    }

    /** The message of the user's mistake that ended the start; the broker port is one nothing listens on. */
    private String startFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> overrides = Map.of("pipeline.input.brokers", "localhost:" + port,
                "pipeline.parquet.base-path", work.resolve("out").toString());
        Exception failure = assertThrows(Exception.class, () -> RunningPipeline.start(overrides));
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException mistake) {
                return mistake.getMessage();
            }
        }
        throw new AssertionError("no InvalidConfigurationException in", failure);
    }
}
