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
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineTest.Topic;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zeekpipeline.testkit.ManagementServer.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus text at /observe/metrics on Camel's management server, scraped over HTTP from the real
 * application and broker: the pipeline's counters by log type and dead-letter reason, and the JVM's meters
 * (MetricsAndHealthJarIT reads them from the packaged jar).
 */
@PipelineTest(topics = @Topic(name = MetricsEndpointIT.METRICS_INPUT))
class MetricsEndpointIT {

    static final String METRICS_INPUT = "metrics-raw";
    private static final int CONN = 30;
    private static final int DNS = 20;
    private static final List<byte[]> BAD = List.of(
            "not json at all".getBytes(StandardCharsets.UTF_8),
            "{\"conn\": [1, 2]}".getBytes(StandardCharsets.UTF_8),
            "{\"no_type\": true, \"a\": 1}".getBytes(StandardCharsets.UTF_8));

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
        ManagementServer server = new ManagementServer(port);
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
            RunningPipeline.await(() -> server.valueOrMinusOne("zeek_parquet_records_written_total",
                    "log_type", "dns") == DNS, Duration.ofSeconds(10), "the dns rows counted");
            String text = server.metrics();

            assertEquals(total, value(text, "zeek_records_consumed_total"));
            assertEquals(CONN, value(text, "zeek_records_detected_total", "log_type", "conn"));
            assertEquals(DNS, value(text, "zeek_records_detected_total", "log_type", "dns"));
            assertEquals(CONN, value(text, "zeek_parquet_records_written_total", "log_type", "conn"));
            assertEquals(DNS, value(text, "zeek_parquet_records_written_total", "log_type", "dns"));
            assertTrue(value(text, "zeek_parquet_written_bytes_total", "log_type", "conn") > 0, text);
            assertEquals(CONN, value(text, "zeek_output_records_sent_total", "log_type", "conn"));
            assertEquals(DNS, value(text, "zeek_output_records_sent_total", "log_type", "dns"));
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
}
