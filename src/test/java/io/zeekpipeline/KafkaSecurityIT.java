package io.zeekpipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.cli.ReplayCommand;
import io.zeekpipeline.config.ApplicationProperties;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.FreePorts;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real application against the in-process broker's SASL_PLAINTEXT listener, logging in with the
 * pipeline.kafka.* settings only: its consumers, both producers and the health checks' broker probe all get
 * through, and a wrong password is reported, not waited on in silence: readiness and then liveness go DOWN with
 * the reason, so a restart follows; the replay command logs in alike. The
 * broker's PLAINTEXT listener is for the test's own clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSecurityIT {

    private static final String USER = "zeek-pipeline";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedKafka kafka;
    private ByteArrayOutputStream log;
    private OutputStreamAppender<ILoggingEvent> capture;

    @TempDir
    Path output;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.startWithSasl(Map.of(USER, PASSWORD));
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    /** Every line logged while a test runs, to find the start-up lines and to look for secrets. */
    @BeforeEach
    void captureLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level | %logger{0} | %msg%n");
        encoder.start();
        capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setName("captured");
        capture.setEncoder(encoder);
        capture.setOutputStream(log);
        capture.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    }

    @AfterEach
    void stopCapture() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
        capture.stop();
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsThePipelineEndToEndThroughAScramLogin() throws Exception {
        String input = "zeek-sasl";
        String outputTopic = "zeek-sasl-out";
        String deadLetters = "zeek-sasl-dlq";
        String group = "sasl-pipeline";
        kafka.createTopic(input, 2);
        List<String> conn = ZeekSamples.lines("json/conn.log");
        List<byte[]> messages = new ArrayList<>(ZeekSamples.tagged("conn", conn));
        byte[] bad = "not a zeek record".getBytes(StandardCharsets.UTF_8);
        messages.add(bad);
        kafka.produce(input, messages);

        Map<String, String> settings = settings(group, input);
        settings.put("pipeline.output.topic", outputTopic);
        settings.put("pipeline.dead-letter.topic", deadLetters);
        // Parquet files every second, so offsets are committed while it runs
        settings.put("pipeline.flush.interval-seconds", "1");
        settings.put("pipeline.kafka.sasl-mechanism", "SCRAM-SHA-512");
        settings.put("pipeline.kafka.sasl-jaas-config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"" + USER + "\" password=\"" + PASSWORD + "\";");
        String health = "http://localhost:" + settings.get(RunningPipeline.MANAGEMENT_PORT) + "/observe/health";
        try (RunningPipeline pipeline = RunningPipeline.start(settings)) {
            RunningPipeline.await(() -> kafka.committedSum(group, input) == messages.size(), Duration.ofSeconds(60),
                    "all " + messages.size() + " input offsets committed");
            RunningPipeline.await(() -> status(health + "/ready") == 200, Duration.ofSeconds(30), "readiness UP");
            assertEquals("UP", check(get(health + "/ready").body(), "kafka-input").get("status").asText());
        }

        assertEquals(conn.size(), ParquetOutput.rows(output, "conn"));
        List<ConsumerRecord<byte[], byte[]>> published = kafka.consumeAll(outputTopic);
        assertEquals(conn.size(), published.size());
        String firstUid = JSON.readTree(conn.get(0)).get("uid").asText();
        assertTrue(published.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(firstUid)),
                "the output topic holds the first conn record, uid " + firstUid);
        List<ConsumerRecord<byte[], byte[]>> rejected = kafka.consumeAll(deadLetters);
        assertEquals(1, rejected.size());
        assertEquals("not a zeek record", new String(rejected.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(input, new String(rejected.get(0).headers().lastHeader(ZeekHeaders.DLQ_SOURCE_TOPIC).value(),
                StandardCharsets.UTF_8));

        String lines = logged();
        assertTrue(lines.contains("Kafka security | security.protocol=SASL_PLAINTEXT sasl.mechanism=SCRAM-SHA-512 "
                                  + "sasl.jaas.config=<hidden>"), lines);
        assertFalse(lines.contains(PASSWORD), "the password is in the log");
    }

    @Test
    void aWrongPasswordIsReportedAtStartByReadinessAndByLiveness() throws Exception {
        String input = "zeek-sasl-refused";
        String group = "sasl-refused";
        kafka.createTopic(input, 1);
        kafka.produce(input, ZeekSamples.tagged("conn", ZeekSamples.lines("json/conn.log").subList(0, 5)));

        Map<String, String> settings = settings(group, input);
        settings.put("pipeline.kafka.sasl-mechanism", "PLAIN");
        settings.put("pipeline.kafka.sasl-jaas-config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"" + USER + "\" password=\"wrong-" + PASSWORD + "\";");
        // a stop that waited for the ended consumer to pause would take this long and say so
        settings.put("pipeline.shutdown.drain-timeout-seconds", "2");
        settings.put("pipeline.health.interval-seconds", "1");
        String health = "http://localhost:" + settings.get(RunningPipeline.MANAGEMENT_PORT) + "/observe/health";
        String refused = "Kafka at " + kafka.saslBootstrapServers()
                         + " refused the login (pipeline.kafka.* settings): ";
        String reason = refused + "Authentication failed: Invalid username or password";
        try (RunningPipeline pipeline = RunningPipeline.start(settings)) {
            RunningPipeline.await(() -> logged().contains("ERROR | kafka | " + refused), Duration.ofSeconds(30),
                    "the start-up check's ERROR line");
            RunningPipeline.await(() -> status(health + "/ready") == 503, Duration.ofSeconds(30), "readiness DOWN");
            JsonNode input503 = check(get(health + "/ready").body(), "kafka-input");
            assertEquals("DOWN", input503.get("status").asText());
            assertEquals(reason, input503.get("message").asText());

            // camel-kafka ends the consumer at a refused login and never reconnects: only a restart helps
            RunningPipeline.await(() -> status(health + "/live") == 503, Duration.ofSeconds(30), "liveness DOWN");
            JsonNode consumers = check(get(health + "/live").body(), "kafka-consumers");
            assertEquals("DOWN", consumers.get("status").asText());
            String message = consumers.get("message").asText();
            assertEquals("Kafka consumer of route 'zeek-ingest' (topic " + input + ") stopped polling and does not "
                         + "reconnect: " + reason + "; nothing is consumed until the pipeline restarts", message);
            RunningPipeline.await(() -> logged().contains("| live=DOWN "), Duration.ofSeconds(30),
                    "a health line with live=DOWN");
            String lines = logged();
            assertTrue(lines.contains("ERROR | health | liveness DOWN: " + message), lines);
            assertTrue(lines.contains(" | live_down=pipeline/kafka-consumers: " + message), lines);
            assertEquals(0, pipeline.metrics().consumedCount());
        }
        String lines = logged();
        assertTrue(lines.contains("ERROR | kafka | " + reason + "; nothing is consumed until the settings are fixed "
                                  + "and the pipeline restarted"), lines);
        assertFalse(lines.contains("consumers did not pause in time"), "the stop waited for the ended consumer");
        assertEquals(0, kafka.committedSum(group, input));
        assertFalse(lines.contains(PASSWORD), "the password is in the log");
    }

    @Test
    void replayLogsInWithTheSameSettings(@TempDir Path folder) throws Exception {
        String topic = "zeek-sasl-replay";
        kafka.createTopic(topic, 1);
        Path userFile = Files.writeString(folder.resolve("application.properties"), """
                pipeline.kafka.security-protocol=SASL_PLAINTEXT
                pipeline.kafka.sasl-mechanism=PLAIN
                pipeline.kafka.sasl-jaas-config=org.apache.kafka.common.security.plain.PlainLoginModule required \
                username="%s" password="%s";
                """.formatted(USER, PASSWORD));
        String conn = ZeekSamples.root().resolve("json/conn.log").toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        System.setProperty(ApplicationProperties.FILE_PROPERTY, userFile.toString());
        int exitCode;
        try {
            exitCode = ReplayCommand.run(List.of("--brokers", kafka.saslBootstrapServers(), "--topic", topic,
                    "--timeout", "20", conn), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(ApplicationProperties.FILE_PROPERTY);
        }

        assertEquals(0, exitCode, bytes.toString(StandardCharsets.UTF_8));
        assertEquals(ZeekSamples.lines("json/conn.log").size(), kafka.endOffsetSum(topic));
    }

    /** The SASL listener, a free management port, Parquet files only at the stop unless a test says otherwise. */
    private Map<String, String> settings(String group, String input) {
        Map<String, String> settings = PipelineSettings.onlyStopsWriteFiles(kafka, group, output);
        settings.put("pipeline.input.brokers", kafka.saslBootstrapServers());
        settings.put("pipeline.input.topic", input);
        settings.put("pipeline.kafka.security-protocol", "SASL_PLAINTEXT");
        settings.put(RunningPipeline.MANAGEMENT_PORT, String.valueOf(FreePorts.find()));
        return settings;
    }

    private static JsonNode check(String body, String name) throws Exception {
        for (JsonNode check : JSON.readTree(body).get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (Exception e) {
            // the server is not up yet
            return -1;
        }
    }
}
