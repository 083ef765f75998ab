package io.zeekpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.RunningPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /observe/health of the real application on the in-process broker: ready once assigned, not ready when the
 * broker is gone. It starts a broker of its own, outside {@code @PipelineTest}, because it stops it mid-test.
 */
class HealthEndpointIT {

    private static final String TOPIC = "zeek-health";
    private static final int PARTITIONS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path output;

    @Test
    void readyOnceAssignedAndNotReadyWithTheReasonWhenKafkaIsGone() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String base = "http://localhost:" + port + "/observe/health";
        EmbeddedKafka kafka = EmbeddedKafka.start();
        boolean kafkaClosed = false;
        try {
            kafka.createTopic(TOPIC, PARTITIONS);
            Map<String, String> settings = PipelineSettings.onlyStopsWriteFiles(kafka, "health-test", output);
            settings.put("pipeline.input.topic", TOPIC);
            settings.put("pipeline.input.consumers", "3");
            settings.put(RunningPipeline.MANAGEMENT_PORT, String.valueOf(port));
            try (RunningPipeline pipeline = RunningPipeline.start(settings)) {
                RunningPipeline.await(() -> status(base + "/ready") == 200, Duration.ofSeconds(60),
                        "readiness UP after partition assignment");
                JsonNode ready = check(get(base + "/ready?data=true").body(), "kafka-input");
                assertEquals("UP", ready.get("status").asText());
                assertEquals(PARTITIONS, ready.at("/data/assigned_partitions").asInt(), ready.toString());
                // three consumers, two partitions: one consumer has none and is still ready
                assertEquals(1, ready.at("/data/consumers_without_partitions").asInt(), ready.toString());
                assertEquals("UP", check(get(base + "/ready").body(), "parquet-output").get("status").asText());

                HttpResponse<String> live = get(base + "/live");
                assertEquals(200, live.statusCode(), live.body());
                assertEquals("UP", check(live.body(), "commit-stall").get("status").asText());
                assertEquals("UP", check(live.body(), "parquet-writers").get("status").asText());

                kafka.close();
                kafkaClosed = true;
                RunningPipeline.await(() -> status(base + "/ready") == 503, Duration.ofSeconds(60),
                        "readiness DOWN after the broker stopped");
                JsonNode down = check(get(base + "/ready").body(), "kafka-input");
                assertEquals("DOWN", down.get("status").asText());
                assertTrue(down.get("message").asText().startsWith("Kafka unreachable at " + kafka.bootstrapServers()),
                        down.toString());
                // not reaching Kafka is no reason to restart the pod
                assertEquals(200, status(base + "/live"));
            }
        } finally {
            if (!kafkaClosed) {
                kafka.close();
            }
        }
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
