package io.zeekpipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.zeekpipeline.config.ApplicationProperties;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest {

    @Test
    void endsWithASummaryAndAnErrorWhenNoBrokerAnswers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String conn = ZeekSamples.root().resolve("json/conn.log").toString();
        long records = ZeekSamples.lines("json/conn.log").size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // a guard against the old hang (each record waited 60 s for metadata), not a speed check
        int exitCode = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> ReplayCommand.run(
                List.of("--brokers", "localhost:" + closedPort, "--timeout", "3", conn),
                new PrintStream(bytes, true, StandardCharsets.UTF_8)));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, exitCode, out);
        assertTrue(out.contains("replayed 0 records from 1 files to zeek-raw on localhost:" + closedPort), out);
        assertTrue(out.contains("replay: " + records + " records were not sent (brokers localhost:" + closedPort
                                + ", timeout 3 s): "), out);
    }

    @Test
    void takesTheBrokersFromAUserFileAndTheTopicFromTheBundledDefaults(@TempDir Path folder) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path userFile = Files.writeString(folder.resolve("application.properties"),
                "pipeline.input.brokers=localhost:" + closedPort + "\n");
        String conn = ZeekSamples.root().resolve("json/conn.log").toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        System.setProperty(ApplicationProperties.FILE_PROPERTY, userFile.toString());
        int exitCode;
        try {
            exitCode = ReplayCommand.run(List.of("--timeout", "1", conn),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(ApplicationProperties.FILE_PROPERTY);
        }

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, exitCode, out);
        assertTrue(out.contains("replayed 0 records from 1 files to zeek-raw on localhost:" + closedPort), out);
    }

    @Test
    void refusesATimeoutThatIsNoWholeNumberOfSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exitCode = ReplayCommand.run(List.of("--timeout", "soon", "conn.log"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(2, exitCode);
        assertTrue(bytes.toString(StandardCharsets.UTF_8)
                .startsWith("--timeout must be a whole number of seconds from 1 to 999999, was 'soon'"));
    }
}
