package io.zeekpipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.FreePorts;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineTest.Topic;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus text at /observe/metrics on Camel's management server, scraped over HTTP from the real
 * application and broker: the pipeline's counters by log type and dead-letter reason, and the JVM's meters;
 * and the packaged jar taking the server's port from PIPELINE_MANAGEMENT_PORT.
 */
@PipelineTest(topics = {@Topic(name = MetricsEndpointIT.METRICS_INPUT), @Topic(name = MetricsEndpointIT.INPUT)})
class MetricsEndpointIT {

    /** The packaged jar reads the default topic. */
    static final String INPUT = "zeek-raw";
    /** The in-process application reads a topic of its own, so the two tests never share records. */
    static final String METRICS_INPUT = "metrics-raw";
    private static final int CONN = 30;
    private static final int DNS = 20;
    private static final List<byte[]> BAD = List.of(
            "not json at all".getBytes(StandardCharsets.UTF_8),
            "{\"conn\": [1, 2]}".getBytes(StandardCharsets.UTF_8),
            "{\"no_type\": true, \"a\": 1}".getBytes(StandardCharsets.UTF_8));
    /** One sample line of the Prometheus text: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void servesThePipelineCountersByLogTypeAndReasonAndTheJvmMeters(EmbeddedKafka kafka) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        messages.addAll(ZeekSamples.tagged("conn", ZeekSamples.lines("json/conn.log").subList(0, CONN)));
        messages.addAll(ZeekSamples.tagged("dns", ZeekSamples.lines("json/dns.simir2025.log").subList(0, DNS)));
        messages.addAll(BAD);
        int total = CONN + DNS + BAD.size();
        int port = FreePorts.find();
        kafka.produce(METRICS_INPUT, messages);
        Map<String, String> settings = PipelineSettings.onlyStopsWriteFiles(kafka, "metrics", work.resolve("out"));
        settings.put("pipeline.input.topic", METRICS_INPUT);
        settings.put("pipeline.flush.interval-seconds", "1");
        settings.put("pipeline.output.batch-interval-ms", "100");
        settings.put(RunningPipeline.MANAGEMENT_PORT, String.valueOf(port));
        try (RunningPipeline pipeline = RunningPipeline.start(settings)) {
            RunningPipeline.await(() -> kafka.committedSum("metrics", METRICS_INPUT) == total, Duration.ofSeconds(90),
                    "all " + total + " input offsets committed");
            // the counters follow the acknowledgements that let the commit through
            RunningPipeline.await(() -> value(scrape(port), "zeek_parquet_records_written_total",
                    "log_type", "dns") == DNS, Duration.ofSeconds(10), "the dns rows counted");
            String text = scrape(port);

            assertEquals(total, value(text, "zeek_records_consumed_total"));
            assertEquals(CONN, value(text, "zeek_records_detected_total", "log_type", "conn"));
            assertEquals(DNS, value(text, "zeek_records_detected_total", "log_type", "dns"));
            assertEquals(CONN, value(text, "zeek_parquet_records_written_total", "log_type", "conn"));
            assertEquals(DNS, value(text, "zeek_parquet_records_written_total", "log_type", "dns"));
            assertTrue(value(text, "zeek_parquet_written_bytes_total", "log_type", "conn") > 0, text);
            assertEquals(CONN + DNS, value(text, "zeek_output_records_sent_total"));
            assertEquals(BAD.size(), value(text, "zeek_records_dead_lettered_total", "reason", "invalid_message"));
            assertEquals(total, value(text, "zeek_committed_offset", "topic", METRICS_INPUT, "partition", "0"));
            assertEquals(0, value(text, "zeek_buffered_records"));
            // the JVM binders of camel.metrics.binders
            assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\""), text);
            assertTrue(text.contains("\njvm_threads_live_threads "), text);
            assertTrue(text.contains("\njvm_gc_"), text);
            // the health line reads the same meters
            assertEquals(CONN + DNS, pipeline.metrics().parquetRowCount());
            assertEquals(BAD.size(), pipeline.metrics().deadLetteredCount());
        }
    }

    @Test
    void thePackagedJarTakesTheManagementPortFromItsEnvironmentVariable(EmbeddedKafka kafka) throws Exception {
        int port = FreePorts.find();
        kafka.produce(INPUT, ZeekSamples.tagged("conn", ZeekSamples.lines("json/conn.log").subList(0, CONN)));
        Map<String, String> env = new HashMap<>();
        env.put(PipelineProcess.MANAGEMENT_PORT_VARIABLE, String.valueOf(port));
        env.put("PIPELINE_INPUT_BROKERS", kafka.bootstrapServers());
        env.put("PIPELINE_PARQUET_BASE_PATH", work.resolve("out").toString());
        try (PipelineProcess pipeline = PipelineProcess.start(work, List.of("-Xmx512m"), List.of(), env)) {
            RunningPipeline.await(() -> consumedOrMinusOne(port) == CONN, Duration.ofSeconds(90),
                    "the jar's /observe/metrics on port " + port + " counting every record");
        }
    }

    private double consumedOrMinusOne(int port) {
        try {
            return value(scrape(port), "zeek_records_consumed_total");
        } catch (Exception | AssertionError notYet) {
            return -1;
        }
    }

    private String scrape(int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels} (name, value pairs). */
    private static double value(String text, String name, String... labels) {
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
