package io.zeekpipeline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline's management server read over HTTP: the Prometheus text at /observe/metrics and its samples,
 * and the health checks of /observe/health. Thread-safe.
 */
public final class ManagementServer {

    public static final String READY = "/observe/health/ready";
    public static final String LIVE = "/observe/health/live";

    /** One sample line of the Prometheus text: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as Kubernetes probes and Prometheus scrape (the JDK's client would ask for HTTP/2 first). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public ManagementServer(int port) {
        this.base = "http://localhost:" + port;
    }

    /** The Prometheus text of /observe/metrics; fails unless it answers 200. */
    public String metrics() {
        HttpResponse<String> response = get("/observe/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The value of a sample (see {@link #value}) in a fresh scrape, or -1 while the server or sample is not there. */
    public double valueOrMinusOne(String name, String... labels) {
        try {
            return value(metrics(), name, labels);
        } catch (RuntimeException | AssertionError notYet) {
            return -1;
        }
    }

    /** The HTTP status of a path, or -1 while the server does not answer. */
    /** Stops the broker; then readiness goes DOWN naming it (kafka-input) while liveness stays UP. */
    public void assertNotReadyButLiveOnceTheBrokerStops(EmbeddedKafka kafka) throws IOException, InterruptedException {
        kafka.close();
        RunningPipeline.await(() -> status(READY) == 503, Duration.ofSeconds(60),
                "readiness DOWN after the broker stopped");
        JsonNode down = check(get(READY).body(), "kafka-input");
        assertEquals("DOWN", down.get("status").asText());
        assertTrue(down.get("message").asText().startsWith("Kafka unreachable at " + kafka.bootstrapServers()),
                down.toString());
        // not reaching Kafka is no reason to restart the pod
        assertEquals(200, status(LIVE));
    }

    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (UncheckedIOException notUp) {
            return -1;
        }
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The check named {@code name} in a health answer's JSON. */
    public static JsonNode check(String body, String name) throws IOException {
        for (JsonNode check : JSON.readTree(body).get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels} (name, value pairs). */
    public static double value(String text, String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Double> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> have = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    have.put(label.group(1), label.group(2));
                }
            }
            if (have.entrySet().containsAll(wanted.entrySet())) {
                found.add(Double.parseDouble(sample.group(3)));
            }
        }
        assertEquals(1, found.size(), "samples of " + name + wanted + " in\n" + text);
        return found.get(0);
    }
}
