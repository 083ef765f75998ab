package io.zeekpipeline;

import static io.zeekpipeline.testkit.ManagementServer.LIVE;
import static io.zeekpipeline.testkit.ManagementServer.READY;
import static io.zeekpipeline.testkit.ManagementServer.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ManagementServer;
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

    @TempDir
    Path output;

    @Test
    void readyOnceAssignedAndNotReadyWithTheReasonWhenKafkaIsGone() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ManagementServer server = new ManagementServer(port);
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            kafka.createTopic(TOPIC, PARTITIONS);
            Map<String, String> settings = PipelineSettings.onlyStopsWriteFiles(kafka, "health-test", output);
            settings.put("pipeline.input.topic", TOPIC);
            settings.put("pipeline.input.consumers", "3");
            settings.put(RunningPipeline.MANAGEMENT_PORT, String.valueOf(port));
            try (RunningPipeline pipeline = RunningPipeline.start(settings)) {
                RunningPipeline.await(() -> server.status(READY) == 200, Duration.ofSeconds(60),
                        "readiness UP after partition assignment");
                JsonNode ready = check(server.get(READY + "?data=true").body(), "kafka-input");
                assertEquals("UP", ready.get("status").asText());
                assertEquals(PARTITIONS, ready.at("/data/assigned_partitions").asInt(), ready.toString());
                // three consumers, two partitions: one consumer has none and is still ready
                assertEquals(1, ready.at("/data/consumers_without_partitions").asInt(), ready.toString());
                assertEquals("UP", check(server.get(READY).body(), "parquet-output").get("status").asText());

                HttpResponse<String> live = server.get(LIVE);
                assertEquals(200, live.statusCode(), live.body());
                assertEquals("UP", check(live.body(), "commit-stall").get("status").asText());
                assertEquals("UP", check(live.body(), "parquet-writers").get("status").asText());
                assertEquals("UP", check(live.body(), "kafka-consumers").get("status").asText());

                server.assertNotReadyButLiveOnceTheBrokerStops(kafka);
            }
        } finally {
            kafka.close();
        }
    }
}
