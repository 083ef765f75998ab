package io.zeekpipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.FreePorts;
import io.zeekpipeline.testkit.ManagementServer;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zeekpipeline.testkit.ManagementServer.LIVE;
import static io.zeekpipeline.testkit.ManagementServer.READY;
import static io.zeekpipeline.testkit.ManagementServer.check;
import static io.zeekpipeline.testkit.ManagementServer.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar watched as Prometheus and Kubernetes watch it, over HTTP on the port of
 * PIPELINE_MANAGEMENT_PORT: per-log-type counters equal to the records sent, latency histograms, Kafka's
 * client metrics, readiness UP once assigned and DOWN with the reason once the broker is gone. It starts a
 * broker of its own, outside {@code @PipelineTest}, because it stops it.
 */
class MetricsAndHealthJarIT {

    private static final String TOPIC = "zeek-raw";
    private static final int CONN = 30;
    private static final int DNS = 20;
    private static final int SSH = 12;
    private static final Map<String, Integer> SENT = Map.of("conn", CONN, "dns", DNS, "ssh", SSH);
    private static final List<String> OUTPUT_COUNTERS = List.of("zeek_parquet_records_written_total",
            "zeek_output_records_sent_total");
    private static final List<byte[]> BAD = List.of(
            "not json at all".getBytes(StandardCharsets.UTF_8),
            "{\"no_type\": true, \"a\": 1}".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path work;

    @Test
    void countsWhatWasSentAndIsReadyUntilTheBrokerStops() throws Exception {
        List<byte[]> messages = new ArrayList<>();
        messages.addAll(ZeekSamples.tagged("conn", ZeekSamples.lines("json/conn.log").subList(0, CONN)));
        messages.addAll(ZeekSamples.tagged("dns", ZeekSamples.lines("json/dns.simir2025.log").subList(0, DNS)));
        messages.addAll(ZeekSamples.tagged("ssh", ZeekSamples.lines("json/ssh.log").subList(0, SSH)));
        messages.addAll(BAD);
        int total = CONN + DNS + SSH + BAD.size();
        int port = FreePorts.find();
        ManagementServer server = new ManagementServer(port);
        Path output = work.resolve("out");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            kafka.createTopic(TOPIC, 1);
            kafka.produce(TOPIC, messages);
            Map<String, String> env = Map.of(PipelineProcess.MANAGEMENT_PORT_VARIABLE, String.valueOf(port),
                    "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                    "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                    "PIPELINE_FLUSH_INTERVAL_SECONDS", "1",
                    "PIPELINE_OUTPUT_BATCH_INTERVAL_MS", "100");
            try (PipelineProcess pipeline = PipelineProcess.start(work, List.of("-Xmx512m"), List.of(), env)) {
                RunningPipeline.await(() -> server.status(READY) == 200, Duration.ofSeconds(90),
                        "readiness UP after partition assignment");
                assertEquals(1, check(server.get(READY + "?data=true").body(), "kafka-input")
                        .at("/data/assigned_partitions").asInt());

                RunningPipeline.await(() -> server.valueOrMinusOne("zeek_committed_offset", "topic", TOPIC,
                        "partition", "0") == total, Duration.ofSeconds(90), "all " + total + " offsets committed");
                // the counters follow the acknowledgements that let the commit through
                RunningPipeline.await(() -> SENT.entrySet().stream().allMatch(sent -> OUTPUT_COUNTERS.stream()
                        .allMatch(name -> server.valueOrMinusOne(name, "log_type", sent.getKey()) == sent.getValue())),
                        Duration.ofSeconds(10), "every output counter at the records sent");
                String text = server.metrics();
                assertEquals(total, value(text, "zeek_records_consumed_total"));
                for (Map.Entry<String, Integer> sent : SENT.entrySet()) {
                    String type = sent.getKey();
                    double count = sent.getValue();
                    for (String name : OUTPUT_COUNTERS) {
                        assertEquals(count, value(text, name, "log_type", type), name);
                    }
                    assertEquals(count, value(text, "zeek_records_detected_total", "log_type", type), type);
                    assertEquals(count, ParquetOutput.rows(output, type), type);
                }
                assertEquals(BAD.size(), value(text, "zeek_records_dead_lettered_total", "reason", "invalid_message"));
                // one write timed per published file; commits timed as a histogram with buckets
                assertEquals(ParquetOutput.files(output).stream().filter(ParquetOutput::isPublished).count(),
                        value(text, "zeek_parquet_write_seconds_count"));
                assertTrue(value(text, "zeek_offset_commit_seconds_count") >= 1, text);
                assertTrue(text.contains("\nzeek_offset_commit_seconds_bucket{le=\"0.1\"}"), text);
                // Micrometer's Kafka client binder: its lag gauges appear at its first refresh, within a minute
                RunningPipeline.await(() -> server.valueOrMinusOne("kafka_consumer_fetch_manager_records_lag",
                        "topic", TOPIC, "partition", "0") == 0, Duration.ofSeconds(90), "the consumer's lag, 0");
                assertEquals(200, server.status(LIVE));

                server.assertNotReadyButLiveOnceTheBrokerStops(kafka);
            }
        } finally {
            kafka.close();
        }
    }
}
