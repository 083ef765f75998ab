package io.zeekpipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.health.CommitStallCheck;
import io.zeekpipeline.ingest.UnknownLogTypeLimit;
import io.zeekpipeline.ingest.UnknownLogTypeRefusedException;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.BufferBudget;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of log types no rule knows (3,000, one record each) between conn records, through the
 * in-process broker and the real application with a limit of 50 such types and 20 open batches:
 * the first 50 types are in Parquet, the rest in the dead-letter topic with the reason, conn flows,
 * every offset is committed, and the layouts and open batches stay within their bounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// one partition: the types arrive, and are admitted, in the order they were sent
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw"))
class ManyLogTypesIT {

    private static final String INPUT = "zeek-raw";
    private static final String DLQ = "zeek-dlq";
    private static final String GROUP = "many-log-types";
    private static final int TYPES = 3_000;
    private static final int MAX_TYPES = 50;
    private static final int MAX_OPEN_BATCHES = 20;
    /** Admitted types that send a second record after the flood: they keep flowing. */
    private static final int SENT_TWICE = 10;

    @TempDir
    static Path output;

    private EmbeddedKafka kafka;
    private final List<byte[]> refused = new ArrayList<>();
    private int connRecords;
    private int messages;
    private long refusedCount;
    private Map<String, Long> admitted;
    private int unknownLayouts;
    private int peakOpenBatches;
    private List<HealthCheck.Result> liveness;

    @BeforeAll
    void runPipelineOverManyLogTypes(EmbeddedKafka kafka) throws Exception {
        this.kafka = kafka;
        List<String> conn = ZeekSamples.lines("json/conn.log");
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < TYPES; i++) {
            byte[] value = unknown(i, 1);
            values.add(value);
            if (i >= MAX_TYPES) {
                refused.add(value);
            }
            if (i % 6 == 0 && connRecords < conn.size()) {
                values.add(("{\"conn\": " + conn.get(connRecords++) + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < SENT_TWICE; i++) {
            values.add(unknown(i, 2));
        }
        kafka.produce(INPUT, values);
        messages = values.size();

        Map<String, String> props = PipelineSettings.onlyStopsWriteFiles(kafka, GROUP, output);
        props.put("pipeline.config-dir", "config");
        props.put("pipeline.flush.interval-seconds", "1");
        props.put("pipeline.input.max-unknown-log-types", String.valueOf(MAX_TYPES));
        props.put("pipeline.flush.max-open-batches", String.valueOf(MAX_OPEN_BATCHES));
        try (RunningPipeline pipeline = RunningPipeline.start(props)) {
            RunningPipeline.await(() -> kafka.committedSum(GROUP, INPUT) == messages, Duration.ofSeconds(120),
                    "all " + messages + " input offsets committed while running");
            PipelineMetrics metrics = pipeline.metrics();
            refusedCount = metrics.unknownLogTypeRefusedCount();
            admitted = pipeline.bean("unknownLogTypeLimit", UnknownLogTypeLimit.class).admittedTypes();
            unknownLayouts = pipeline.bean("logTypeLayouts", LogTypeLayouts.class).unknownLayoutCount();
            peakOpenBatches = pipeline.bean("parquetBufferBudget", BufferBudget.class).peakOpenCount();
            liveness = List.copyOf(HealthCheckHelper.invokeLiveness(pipeline.context(), "full"));
        }
    }

    @Test
    void writesTheFirstAdmittedTypesAndConnToParquet() throws Exception {
        Set<String> folders;
        try (Stream<Path> list = Files.list(output)) {
            folders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < MAX_TYPES; i++) {
            expected.add(typeName(i));
            assertEquals(i < SENT_TWICE ? 2 : 1, ParquetOutput.rows(output, typeName(i)), "rows of " + typeName(i));
        }
        expected.add("conn");
        assertEquals(expected, new TreeSet<>(folders));
        assertEquals(connRecords, ParquetOutput.rows(output, "conn"));
    }

    @Test
    void sendsTheRecordsOfEveryFurtherTypeToTheDeadLettersWithTheReason() {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll(DLQ);
        assertEquals(TYPES - MAX_TYPES, records.size());
        Set<String> expectedValues = new HashSet<>();
        refused.forEach(value -> expectedValues.add(new String(value, StandardCharsets.UTF_8)));
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            values.add(value);
            String type = value.substring(2, value.indexOf('"', 2));
            assertEquals("log type '" + type + "' has no normalization rule and the limit of log types without one is "
                         + "reached (pipeline.input.max-unknown-log-types=50 per 60 minutes)",
                    header(record, ZeekHeaders.DLQ_ERROR));
            assertEquals(UnknownLogTypeRefusedException.class.getName(), header(record, ZeekHeaders.DLQ_ERROR_CLASS));
        }
        assertEquals(expectedValues, values);
        assertEquals(TYPES - MAX_TYPES, refusedCount);
    }

    @Test
    void keepsTheAdmittedTypesAndTheirLayoutsWithinTheLimit() {
        Set<String> firstTypes = new TreeSet<>();
        for (int i = 0; i < MAX_TYPES; i++) {
            firstTypes.add(typeName(i));
        }
        assertEquals(firstTypes, admitted.keySet());
        assertTrue(unknownLayouts <= MAX_TYPES, unknownLayouts + " layouts of types without a rule");
    }

    @Test
    void keepsTheOpenBatchesWithinTheirLimit() {
        // one consumer thread: room is made before a batch opens, so the limit holds exactly
        assertTrue(peakOpenBatches <= MAX_OPEN_BATCHES, peakOpenBatches + " batches open at once");
    }

    @Test
    void reportsLiveThroughCamelsLivenessChecks() {
        HealthCheck.Result stall = liveness.stream().filter(r -> r.getCheck().getId().equals("commit-stall"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no commit-stall liveness check in " + liveness));
        assertEquals(HealthCheck.State.UP, stall.getState());
        assertEquals(0L, stall.getDetails().get(CommitStallCheck.PENDING));
    }

    private static String typeName(int i) {
        return String.format("vendor_%04d", i);
    }

    /** A one-record message of the i-th log type without a rule; {@code n} tells the record apart. */
    private static byte[] unknown(int i, int n) {
        return ("{\"" + typeName(i) + "\": {\"ts\": 1759875843." + n + ", \"uid\": \"C" + i + "x" + n + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
