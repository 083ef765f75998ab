package io.zeekpipeline.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.Folders;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;

/**
 * The README's demo: an in-process Kafka broker fed with the bundled real Zeek samples, the real
 * pipeline run over them into ./output, then a summary checked with DuckDB.
 */
public final class DemoRunner {

    private static final String INPUT = "zeek-raw";
    private static final String GROUP = "zeek-pipeline-demo";

    private DemoRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args.length > 0 ? args[0] : "src/test/resources/zeek-samples/json");
        Path output = Path.of(args.length > 1 ? args[1] : "target/demo-output");
        // a new broker is a new ingestion: files of an earlier demo would be counted with this one's
        Folders.deleteTree(output);
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(INPUT, 4);
            List<byte[]> messages = sampleMessages(samples);
            kafka.produce(INPUT, messages);
            long produced = messages.size();
            System.out.printf("demo: broker %s, %d records from %s produced to '%s'%n",
                    kafka.bootstrapServers(), produced, samples, INPUT);
            PipelineMetrics metrics;
            // everything consumed, then a stop: the drain writes the open batches and commits, as on SIGTERM
            try (RunningPipeline pipeline = RunningPipeline.start(Map.of(
                    "pipeline.input.brokers", kafka.bootstrapServers(),
                    "pipeline.input.group-id", GROUP,
                    "pipeline.input.consumers", "2",
                    "pipeline.parquet.base-path", output.toAbsolutePath().toString()))) {
                metrics = pipeline.metrics();
                RunningPipeline.await(() -> metrics.consumedCount() == produced, Duration.ofMinutes(5),
                        "every record consumed");
            }
            if (kafka.committedSum(GROUP, INPUT) != produced) {
                throw new IllegalStateException("not every offset was committed: " + kafka.committedSum(GROUP, INPUT));
            }
            double seconds = (System.currentTimeMillis() - metrics.firstConsumedMillis()) / 1e3;
            printSummary(metrics, output, produced, seconds, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Flat json-streaming records go as they are; plain records get the zeek-kafka tagged envelope. */
    private static List<byte[]> sampleMessages(Path samples) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".+\\.log(\\.gz)?"))
                    .sorted().toList()) {
                String logType = file.getFileName().toString().split("\\.")[0];
                for (String line : ZeekSamples.lines(file)) {
                    String value = line.startsWith("{\"_path\"") ? line : "{\"" + logType + "\": " + line + "}";
                    messages.add(value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return messages;
    }

    private static void printSummary(PipelineMetrics metrics, Path output, long produced, double pipelineSeconds,
            double totalSeconds) throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Stream<Path> types = Files.list(output)) {
            for (Path type : types.filter(Files::isDirectory).toList()) {
                try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM read_parquet('" + type + "/**/*.parquet')")) {
                    rs.next();
                    rows.put(type.getFileName().toString(), rs.getLong(1));
                }
            }
        }
        System.out.println();
        System.out.println("zeek-pipeline demo summary");
        System.out.printf("  %-16s %10s %14s%n", "log type", "consumed", "parquet rows");
        metrics.eventsByLogType().forEach((type, n) ->
                System.out.printf("  %-16s %10d %14d%n", type, n, rows.getOrDefault(type, 0L)));
        System.out.printf("  records produced %d, consumed %d, dead letters %d%n", produced, metrics.consumedCount(),
                metrics.deadLetteredCount());
        System.out.printf("  parquet files %d (%d rows) under %s, output topic records %d%n",
                metrics.parquetFileCount(), metrics.parquetRowCount(), output.toAbsolutePath(),
                metrics.outputRecordCount());
        System.out.printf("  %.1f s from the first record consumed to the last offset committed (%.0f events/s); "
                          + "%.1f s in all, with broker and pipeline start%n", pipelineSeconds,
                metrics.consumedCount() / pipelineSeconds, totalSeconds);
        System.out.printf("  query it: duckdb -c \"SELECT event_type, count(*) FROM read_parquet('%s/*/**/*.parquet', "
                          + "union_by_name=true) GROUP BY 1\"%n", output);
    }
}
