package io.zeekpipeline.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.Folders;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;

/**
 * Manual memory check, not a test: the packaged jar as its own process with a small heap and the
 * shipped JVM flags, fed either many one-record log types no rule knows (plus conn records) or conn
 * records each in an event hour of its own; prints the time until every offset is committed, the
 * heap peak, the collections and what the outputs hold. Usage:
 * {@code ManyBucketsCheck types <unknown types> <conn records> <xmx>} or
 * {@code ManyBucketsCheck hours <records> <ignored> <xmx>}.
 */
public final class ManyBucketsCheck {

    private static final String TOPIC = "zeek-raw";
    private static final String DLQ = "zeek-dlq";
    private static final String GROUP = "many-buckets";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A collection in -Xlog:gc's output: its kind and the heap after it, in MB. */
    private static final Pattern COLLECTION = Pattern.compile("Pause (Young|Full).* \\d+M->(\\d+)M\\(");

    private ManyBucketsCheck() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> messages = args[0].equals("hours") ? distinctHours(Integer.parseInt(args[1]))
                : unknownTypesAndConn(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        String xmx = args[3];
        Path work = Files.createTempDirectory("zeek-many-buckets");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, 1);
            kafka.produce(TOPIC, messages);
            Path output = work.resolve("output");
            List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + xmx, "-Xlog:gc:file=" + work.resolve("gc.log")));
            jvmArgs.addAll(ThroughputBenchmark.SHIPPED_JVM_FLAGS);
            long start = System.nanoTime();
            try (PipelineProcess pipeline = PipelineProcess.start(work, jvmArgs, List.of(), Map.of(
                    "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                    "PIPELINE_INPUT_GROUP_ID", GROUP,
                    "PIPELINE_PARQUET_BASE_PATH", output.toString()))) {
                String outcome;
                try {
                    RunningPipeline.await(() -> kafka.committedSum(GROUP, TOPIC) == messages.size(),
                            Duration.ofMinutes(10), Duration.ofSeconds(1), "every offset committed");
                    outcome = String.format(Locale.ROOT, "every offset committed after %.1f s",
                            (System.nanoTime() - start) / 1e9);
                } catch (AssertionError timedOut) {
                    outcome = "NOT every offset committed: " + kafka.committedSum(GROUP, TOPIC) + " of "
                            + messages.size();
                }
                long heapPeak = pipeline.lastHealth("heap_peak");
                long gcMillis = pipeline.lastHealth("gc_ms");
                long peakRss = pipeline.peakRssBytes();
                boolean stopped = pipeline.terminate(120);
                long files;
                try (Stream<Path> all = Files.walk(output)) {
                    files = all.filter(ParquetOutput::isPublished).count();
                }
                long[] gc = collections(work.resolve("gc.log"));
                System.out.printf(Locale.ROOT, "%d messages, -Xmx%s: %s; heap peak %d MB (young generation included), "
                                  + "at most %d MB after a collection, peak RSS %d MB, GC %d ms, %d full collections "
                                  + "(at most %d MB after one); %d Parquet files, %d dead letters; %s after SIGTERM%n",
                        messages.size(), xmx, outcome, heapPeak, gc[0], peakRss / (1024 * 1024), gcMillis, gc[1], gc[2],
                        files,
                        kafka.hasTopic(DLQ) ? kafka.endOffsetSum(DLQ) : 0, stopped ? "exited" : "still running");
                System.out.println("last health line: " + lastHealthLine(pipeline.logText()));
            }
        } finally {
            Folders.deleteTree(work);
        }
    }

    /** One record each of {@code types} log types no rule knows, then {@code conn} conn records. */
    private static List<byte[]> unknownTypesAndConn(int types, int conn) throws Exception {
        List<byte[]> messages = new ArrayList<>(types + conn);
        for (int i = 0; i < types; i++) {
            messages.add(String.format(Locale.ROOT, "{\"vendor_%05d\": {\"ts\": 1759875843.%03d, \"uid\": \"C%d\", "
                                                    + "\"note\": \"n%d\"}}", i, i % 1000, i, i)
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<String> samples = ZeekSamples.lines("json/conn.log");
        for (int i = 0; i < conn; i++) {
            messages.add(("{\"conn\": " + samples.get(i % samples.size()) + "}").getBytes(StandardCharsets.UTF_8));
        }
        return messages;
    }

    /** Conn records, each one hour after the one before. */
    private static List<byte[]> distinctHours(int records) throws Exception {
        List<String> samples = ZeekSamples.lines("json/conn.log");
        List<byte[]> messages = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            ObjectNode record = (ObjectNode) JSON.readTree(samples.get(i % samples.size()));
            record.put("ts", 1_600_000_000.0 + i * 3600.0);
            messages.add(("{\"conn\": " + JSON.writeValueAsString(record) + "}").getBytes(StandardCharsets.UTF_8));
        }
        return messages;
    }

    /** The most heap left after any collection, the number of full collections, the most left after one of them. */
    private static long[] collections(Path gcLog) throws Exception {
        long[] result = new long[3];
        Matcher m = COLLECTION.matcher(Files.readString(gcLog));
        while (m.find()) {
            long after = Long.parseLong(m.group(2));
            result[0] = Math.max(result[0], after);
            if (m.group(1).equals("Full")) {
                result[1]++;
                result[2] = Math.max(result[2], after);
            }
        }
        return result;
    }

    private static String lastHealthLine(String log) {
        String last = "(none)";
        for (String line : log.split("\n")) {
            if (line.contains("health |")) {
                last = line;
            }
        }
        return last;
    }
}
