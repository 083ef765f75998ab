package io.zeekpipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
import org.apache.camel.component.stub.StubComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar with its runtime dependencies only (target/lib, as in the image) starts every route of
 * routes/ and routes/examples/ (a typo or a missing component fails the start), a routes folder loads none of
 * its examples/ unless asked to, and a route file an integration team adds to a routes folder runs without a
 * rebuild: with the bundled components (file, log), and with any other component put into the extension folder
 * (lib/ext).
 */
class RoutesFolderJarIT {

    private static final Path ROUTES = Path.of("routes").toAbsolutePath();
    private static final Path EXAMPLES = ROUTES.resolve("examples");

    private static final Pattern ROUTE_ID = Pattern.compile("(?m)^- route:\\s*\\n\\s+id:\\s*(\\S+)");

    @TempDir
    Path work;

    @Test
    void startsEveryRouteOfTheRoutesFolderAndItsExamples() throws Exception {
        List<String> ids = routeIds(routeFiles(ROUTES));
        assertTrue(ids.containsAll(List.of("dead-letter", "publish-enriched", "zeek-ingest")), ids::toString);
        List<String> examples = routeIds(routeFiles(EXAMPLES));
        assertTrue(examples.contains("dns-watch"), examples::toString);
        ids.addAll(examples);

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             PipelineProcess pipeline = PipelineProcess.start(work, List.of("-Xmx512m",
                     patternFor(ROUTES) + ",file:" + EXAMPLES + "/*.camel.yaml"), List.of(), env(kafka))) {
            awaitStarted(pipeline);
            // Camel logs a line per route after its "Routes startup" line
            RunningPipeline.await(() -> everyStarted(pipeline, ids) || exited(pipeline), Duration.ofSeconds(30),
                    "every route's Started line");
            for (String id : ids) {
                assertTrue(pipeline.logText().contains("Started " + id + " ("),
                        id + " started:\n" + pipeline.logText());
            }
        }
    }

    /** The ids of the routes the files define; fails when a file names none. */
    private static List<String> routeIds(List<Path> files) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            int before = ids.size();
            Matcher id = ROUTE_ID.matcher(Files.readString(file));
            while (id.find()) {
                ids.add(id.group(1));
            }
            assertTrue(ids.size() > before, file + " names its routes' ids");
        }
        return ids;
    }

    @Test
    void aRouteFileAddedToACopyOfTheRoutesWritesAFile() throws Exception {
        Path routes = copyOfRoutes();
        Path audit = work.resolve("audit");
        Files.writeString(routes.resolve("heartbeat-file.camel.yaml"),
                fileRoute("heartbeat-file", "log:heartbeat", audit));

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             PipelineProcess pipeline = PipelineProcess.start(work, List.of("-Xmx512m", patternFor(routes)), List.of(),
                     env(kafka))) {
            awaitFile(pipeline, audit.resolve("heartbeat.txt"));
            assertTrue(pipeline.logText().contains("Started heartbeat-file ("), pipeline.logText());
            assertTrue(pipeline.logText().contains("| heartbeat | Exchange["), pipeline.logText());
            // the folder's examples/ is not part of the pattern's *.camel.yaml
            assertFalse(pipeline.logText().contains("Started dns-watch ("), pipeline.logText());
        }
        assertEquals("written by an added route", Files.readString(audit.resolve("heartbeat.txt")));
    }

    @Test
    void aComponentJarInTheExtensionFolderIsUsedWithoutARebuild() throws Exception {
        Path routes = copyOfRoutes();
        Path audit = work.resolve("audit");
        // camel-stub stands for any component the runtime does not carry
        Files.writeString(routes.resolve("stub-file.camel.yaml"), fileRoute("stub-file", "stub:audit", audit));
        Path ext = Files.createDirectories(work.resolve("ext"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (PipelineProcess without = PipelineProcess.startWithExtensions(work, ext,
                    List.of("-Xmx512m", patternFor(routes)), List.of(), env(kafka))) {
                assertTrue(without.awaitExit(120), "a route naming a component not on the classpath stops the start");
                assertTrue(without.consoleText().contains("No endpoint could be found for: stub://audit"),
                        without.consoleText());
            }

            Files.copy(Path.of(StubComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                    ext.resolve("camel-stub.jar"));
            try (PipelineProcess with = PipelineProcess.startWithExtensions(work, ext,
                    List.of("-Xmx512m", patternFor(routes)), List.of(), env(kafka))) {
                awaitFile(with, audit.resolve("heartbeat.txt"));
                assertTrue(with.logText().contains("Started stub-file ("), with.logText());
            }
        }
        assertEquals("written by an added route", Files.readString(audit.resolve("heartbeat.txt")));
    }

    /** A route firing once that passes a fixed body through {@code via} and writes it to folder/heartbeat.txt. */
    private static String fileRoute(String id, String via, Path folder) {
        return """
                - route:
                    id: %s
                    from:
                      uri: timer:%1$s
                      parameters:
                        repeatCount: 1
                      steps:
                        - setBody:
                            constant: written by an added route
                        - to: %s
                        - to:
                            uri: file:%s
                            parameters:
                              fileName: heartbeat.txt
                """.formatted(id, via, folder);
    }

    /** A copy of routes/ with its examples/ folder. */
    private Path copyOfRoutes() throws IOException {
        Path copy = Files.createDirectories(work.resolve("my-routes"));
        for (Path file : routeFiles(ROUTES)) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        Path examples = Files.createDirectories(copy.resolve("examples"));
        for (Path file : routeFiles(EXAMPLES)) {
            Files.copy(file, examples.resolve(file.getFileName()));
        }
        return copy;
    }

    private static List<Path> routeFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    private static boolean everyStarted(PipelineProcess pipeline, List<String> ids) {
        String log = pipeline.logText();
        return ids.stream().allMatch(id -> log.contains("Started " + id + " ("));
    }

    private static String patternFor(Path routes) {
        return "-Dcamel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml";
    }

    private Map<String, String> env(EmbeddedKafka kafka) {
        return Map.of("PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                "PIPELINE_PARQUET_BASE_PATH", work.resolve("output").toString());
    }

    private static void awaitStarted(PipelineProcess pipeline) throws InterruptedException, IOException {
        RunningPipeline.await(() -> pipeline.logText().contains("Routes startup") || exited(pipeline),
                Duration.ofSeconds(120), "the routes started");
        assertFalse(exited(pipeline), pipeline.consoleText());
    }

    private static void awaitFile(PipelineProcess pipeline, Path file) throws InterruptedException, IOException {
        // the file component creates the file before it writes the body: wait for the body
        RunningPipeline.await(() -> hasContent(file) || exited(pipeline), Duration.ofSeconds(120), file + " written");
        assertFalse(exited(pipeline), pipeline.consoleText());
    }

    private static boolean hasContent(Path file) {
        return file.toFile().length() > 0;
    }

    private static boolean exited(PipelineProcess pipeline) {
        try {
            return pipeline.awaitExit(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
