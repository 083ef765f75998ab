package io.zeekpipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.RunningPipeline;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Route reloading as routes/README.md describes it for local work: a saved route file replaces its routes
 * in the running application, and the other routes (YAML and Java) keep running.
 */
class RoutesReloadTest {

    @TempDir
    Path work;

    @Test
    void aSavedRouteFileReplacesItsRoutesAndLeavesTheOthersRunning() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path audit = work.resolve("audit").resolve("heartbeat.txt");
        Path added = routes.resolve("heartbeat-file.camel.yaml");
        Files.writeString(added, heartbeatRoute("first version", audit.getParent()));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> overrides = new HashMap<>(Map.of(
                    "pipeline.input.brokers", kafka.bootstrapServers(),
                    "pipeline.parquet.base-path", work.resolve("output").toString(),
                    "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml"));
            // the settings routes/README.md gives for reloading
            overrides.putAll(Map.of(
                    "camel.main.routes-reload-enabled", "true",
                    "camel.main.routes-reload-directory", routes.toString(),
                    "camel.main.routes-reload-pattern", "*.camel.yaml",
                    "camel.main.routes-reload-remove-all-routes", "false"));
            try (RunningPipeline pipeline = RunningPipeline.start(overrides)) {
                awaitContent(audit, "first version");

                Files.writeString(added, heartbeatRoute("second version", audit.getParent()));

                awaitContent(audit, "second version");
                for (String id : List.of("heartbeat-file", "zeek-ingest", "publish-enriched", "dead-letter",
                        "parquet-sink", "health-report")) {
                    assertEquals(ServiceStatus.Started, pipeline.context().getRouteController().getRouteStatus(id), id);
                }
            }
        }
    }

    private static String heartbeatRoute(String text, Path folder) {
        return """
                - route:
                    id: heartbeat-file
                    from:
                      uri: timer:heartbeat
                      parameters:
                        repeatCount: 1
                      steps:
                        - setBody:
                            constant: %s
                        - to:
                            uri: file:%s
                            parameters:
                              fileName: heartbeat.txt
                """.formatted(text, folder);
    }

    private static void awaitContent(Path file, String text) throws InterruptedException {
        RunningPipeline.await(() -> text.equals(read(file)), Duration.ofSeconds(60), file + " holding '" + text + "'");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
