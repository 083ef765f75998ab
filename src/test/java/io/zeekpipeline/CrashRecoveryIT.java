package io.zeekpipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.bench.SensorMix;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing lost, nothing doubled: killed or stopped mid-stream and restarted, the pipeline writes each record once. */
class CrashRecoveryIT {

    /** Chooses the input records and the kill points; -Dcrash.seed=N replays another run's choices. */
    private static final long SEED = Long.getLong("crash.seed", 20_251_126L);
    private static final int RECORDS = 200_000;
    private static final String INPUT = "zeek-raw";
    private static final int PARTITIONS = 4;
    private static final int KILLS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private static EmbeddedKafka kafka;
    /** The input per log type. */
    private static Map<String, Expected> expected;

    @TempDir
    Path work;

    /** Input records of one log type, and how many of them carry a uid. */
    private record Expected(long records, long withUid) {
        Expected plus(Expected other) {
            return new Expected(records + other.records, withUid + other.withUid);
        }
    }

    @BeforeAll
    static void startBrokerWithTheInput() throws IOException {
        SensorMix mix = new SensorMix(SEED, false);
        ObjectMapper json = new ObjectMapper();
        List<byte[]> input = new ArrayList<>(RECORDS);
        expected = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) {
            byte[] record = mix.record(i, RECORDS);
            input.add(record);
            // the zeek-kafka envelope {"<type>": {...}}
            Map.Entry<String, JsonNode> tagged = json.readTree(record).fields().next();
            expected.merge(tagged.getKey(), new Expected(1, tagged.getValue().hasNonNull("uid") ? 1 : 0),
                    Expected::plus);
        }
        kafka = EmbeddedKafka.start();
        // both tests read this topic from the start, each with its own consumer group
        kafka.createTopic(INPUT, PARTITIONS);
        kafka.produce(INPUT, input);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sigkillAtRandomMomentsThenRestartWritesEveryRecordToParquetExactlyOnce() throws Exception {
        Scenario scenario = Scenario.named("sigkill");
        Path output = work.resolve("output");
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();
        for (int run = 1; run <= KILLS; run++) {
            long remaining = RECORDS - kafka.committedSum(scenario.group, INPUT);
            long threshold = randomThreshold(random, remaining);
            try (PipelineProcess pipeline = start(scenario, output, run)) {
                awaitOrDump(pipeline, () -> pipeline.lastHealth("consumed") >= threshold,
                        "run " + run + " consuming past " + threshold);
                assertTrue(pipeline.kill(30), "exits on SIGKILL" + seed());
                kills.add("run " + run + " at consumed=" + pipeline.lastHealth("consumed") + " of " + remaining
                          + " left");
            }
        }
        runUntilEverythingIsCommitted(scenario, output, KILLS + 1);

        String context = seed() + ", SIGKILLs " + kills;
        assertAll(
                () -> assertEveryRecordOnceInParquet(output, context),
                () -> assertTrue(kafka.endOffsetSum(scenario.output) >= RECORDS,
                        "at least once on the output topic: " + kafka.endOffsetSum(scenario.output) + context),
                // a kill may leave hidden temporary files (removed by a later start once stale), never visible ones
                () -> assertEquals(List.of(), visibleNonParquet(output), "files visible to readers" + context));
    }

    @Test
    void sigtermMidStreamThenRestartWritesEveryRecordToParquetExactlyOnce() throws Exception {
        Scenario scenario = Scenario.named("sigterm");
        Path output = work.resolve("output");
        long threshold = randomThreshold(new Random(SEED), RECORDS);
        try (PipelineProcess pipeline = start(scenario, output, 1)) {
            awaitOrDump(pipeline, () -> pipeline.lastHealth("consumed") >= threshold, "consuming past " + threshold);
            assertTrue(pipeline.terminate(60), "exits after SIGTERM" + seed());
            assertTrue(pipeline.logText().contains(" | shutdown | drained"),
                    "drained on SIGTERM" + seed() + ":\n" + tail(pipeline.logText()));
        }
        long committedAtStop = kafka.committedSum(scenario.group, INPUT);
        assertTrue(committedAtStop < RECORDS, "SIGTERM came mid-stream: " + committedAtStop + " committed" + seed());
        runUntilEverythingIsCommitted(scenario, output, 2);

        String context = seed() + ", SIGTERM at consumed>=" + threshold + " with " + committedAtStop + " committed";
        assertAll(
                () -> assertEveryRecordOnceInParquet(output, context),
                () -> assertTrue(kafka.endOffsetSum(scenario.output) >= RECORDS,
                        "at least once on the output topic: " + kafka.endOffsetSum(scenario.output) + context),
                // a drained stop completes every file it began
                () -> assertEquals(List.of(), ParquetOutput.files(output).stream()
                        .filter(file -> !ParquetOutput.isPublished(file)).toList(), "temporary files" + context));
    }

    /** A twentieth to a quarter of what is left: inside the stream, never at its end. */
    private static long randomThreshold(Random random, long remaining) {
        return remaining / 20 + random.nextLong(remaining / 5);
    }

    /** A last run consumes what is left; once every input offset is committed it is stopped cleanly. */
    private void runUntilEverythingIsCommitted(Scenario scenario, Path output, int run) throws Exception {
        try (PipelineProcess pipeline = start(scenario, output, run)) {
            awaitOrDump(pipeline, () -> kafka.committedSum(scenario.group, INPUT) == RECORDS,
                    "every input offset committed in the last run");
            assertTrue(pipeline.terminate(60), "last run exits after SIGTERM" + seed());
        }
        // a dead-lettered record would be missing from Parquet for a reason other than the restarts
        assertEquals(0, kafka.endOffsetSum(scenario.deadLetters), "dead letters" + seed());
    }

    private PipelineProcess start(Scenario scenario, Path output, int run) throws IOException {
        // a folder per run: pipeline.log is appended to, and lastHealth must not read an earlier run's lines
        Path folder = Files.createDirectories(work.resolve("run-" + run));
        // a killed consumer never leaves its group: the next run gets the partitions once the dead one's session
        // expires, 45 s by default; 6 s is the broker's minimum
        List<String> jvmArgs = List.of("-Xmx512m", "-Dcamel.component.kafka.sessionTimeoutMs=6000");
        return PipelineProcess.start(folder, jvmArgs, List.of(), Map.of(
                "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                "PIPELINE_INPUT_TOPIC", INPUT,
                "PIPELINE_INPUT_GROUP_ID", scenario.group,
                "PIPELINE_INPUT_CONSUMERS", "2",
                "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                "PIPELINE_OUTPUT_TOPIC", scenario.output,
                "PIPELINE_DEAD_LETTER_TOPIC", scenario.deadLetters,
                // small batches, so files are written (and offsets committed) between kills; with about 30 open
                // batches (log type x hour) a shorter interval writes tiny files faster than 2 cores can
                "PIPELINE_FLUSH_EVENT_COUNT", "5000",
                "PIPELINE_FLUSH_INTERVAL_SECONDS", "5"));
    }

    /** Per log type, Parquet rows equal input records and distinct uids equal records with a uid. */
    private static void assertEveryRecordOnceInParquet(Path output, String context) throws Exception {
        List<String> wrong = new ArrayList<>();
        long rows = 0;
        for (Map.Entry<String, Expected> type : expected.entrySet()) {
            Expected in = type.getValue();
            long written = ParquetOutput.rows(output, type.getKey());
            // the normalization promotes the Zeek uid to the flow_id column
            long uids = in.withUid() == 0 ? 0 : ParquetOutput.scalar(output, type.getKey(), "count(DISTINCT flow_id)");
            rows += written;
            if (written != in.records() || uids != in.withUid()) {
                wrong.add(type.getKey() + ": " + in.records() + " in, " + written + " rows, " + uids
                          + " distinct uids of " + in.withUid());
            }
        }
        Set<String> unexpected = new TreeSet<>();
        try (Stream<Path> folders = Files.list(output)) {
            folders.map(folder -> folder.getFileName().toString()).filter(name -> !expected.containsKey(name))
                    .forEach(unexpected::add);
        }
        long total = rows;
        assertTrue(wrong.isEmpty() && unexpected.isEmpty(), () -> "exactly once in Parquet: " + RECORDS
                + " records in, " + total + " rows out (" + (total - RECORDS) + " extra); " + wrong.size() + " of "
                + expected.size() + " log types differ " + wrong
                + (unexpected.isEmpty() ? "" : ", unexpected folders " + unexpected) + context);
    }

    /** Files a reader listing the output would pick up (no leading '.') that are not published Parquet files. */
    private static List<Path> visibleNonParquet(Path output) throws IOException {
        return ParquetOutput.files(output).stream()
                .filter(file -> !file.getFileName().toString().startsWith(".") && !ParquetOutput.isPublished(file))
                .toList();
    }

    /** Awaits the condition; on a timeout the failure carries the end of that run's log. */
    private static void awaitOrDump(PipelineProcess pipeline, BooleanSupplier condition, String what)
            throws InterruptedException {
        try {
            RunningPipeline.await(condition, RUN_TIMEOUT, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + seed() + "; pipeline log:\n" + tail(pipeline.logText()), e);
        }
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : "..." + log.substring(log.length() - 4000);
    }

    private static String seed() {
        return " (seed " + SEED + ")";
    }

    /** One test's consumer group and output topics on the shared broker. */
    private record Scenario(String group, String output, String deadLetters) {

        static Scenario named(String name) {
            Scenario scenario = new Scenario(name + "-group", name + "-normalized", name + "-dlq");
            // created up front, so that an empty one can be asserted
            kafka.createTopic(scenario.deadLetters, 1);
            return scenario;
        }
    }
}
