package io.zeekpipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.PoisonKind;
import io.zeekpipeline.testkit.RunningPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing lost, nothing doubled: killed or stopped mid-stream and restarted, the pipeline writes each record once
 * to Parquet and at least once to the output topic, dead-letters every poison message mixed into the input, and
 * commits every input offset.
 */
// both tests read the input from the start, each with its own consumer group; it takes the 1.5 MB messages,
// the output and dead-letter topics keep the broker's default limit
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 4, settings = "max.message.bytes=2097152"))
class CrashRecoveryIT {

    /**
     * Chooses the input records, the poison messages' places and the kill points; -Dcrash.seed=N replays another run's.
     */
    private static final long SEED = Long.getLong("crash.seed", 20_251_126L);
    private static final int RECORDS = 200_000;
    /** Poison messages per kind: 100 of 1.5 MB, 15 of each costly output-too-large kind, 70 of each other. */
    private static final Map<PoisonKind, Integer> POISON = poisonCounts();
    private static final int MESSAGES = RECORDS + POISON.values().stream().mapToInt(Integer::intValue).sum();
    private static final String INPUT = "zeek-raw";
    private static final int PARTITIONS = 4;
    private static final int KILLS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /** pipeline.dead-letter.max-message-bytes (default): no dead letter is larger. */
    private static final int DEAD_LETTER_MAX_BYTES = 1024 * 1024;
    /** Reading back an output or dead-letter topic: a few hundred MB after the kills' repeats. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private static EmbeddedKafka kafka;
    /** The input per log type, as Parquet must hold it. */
    private static Map<String, Expected> expected;
    /** The poison messages by their input coordinates (the event id's form). */
    private static Map<String, Poison> poison;
    /** The input coordinates of the records that must reach the output topic. */
    private static Set<String> good;

    @TempDir
    Path work;

    /** Input records of one log type, and how many of them carry a uid. */
    private record Expected(long records, long withUid) {
        Expected plus(Expected other) {
            return new Expected(records + other.records, withUid + other.withUid);
        }
    }

    /** A poison message in the input. */
    private record Poison(PoisonKind kind, byte[] bytes) {
    }

    @BeforeAll
    static void startBrokerWithTheInput(EmbeddedKafka broker) throws IOException {
        Random random = new Random(SEED);
        List<Poison> poisons = new ArrayList<>();
        POISON.forEach((kind, count) -> {
            for (int n = 0; n < count; n++) {
                poisons.add(new Poison(kind, kind.message(n)));
            }
        });
        Collections.shuffle(poisons, random);
        BitSet poisonAt = new BitSet(MESSAGES);
        while (poisonAt.cardinality() < poisons.size()) {
            poisonAt.set(random.nextInt(MESSAGES));
        }
        SensorMix mix = new SensorMix(SEED, false);
        ObjectMapper json = new ObjectMapper();
        List<byte[]> input = new ArrayList<>(MESSAGES);
        Poison[] placed = new Poison[MESSAGES];
        expected = new TreeMap<>();
        int records = 0;
        for (int i = 0; i < MESSAGES; i++) {
            if (poisonAt.get(i)) {
                placed[i] = poisons.remove(poisons.size() - 1);
                input.add(placed[i].bytes());
                if (placed[i].kind().validConn()) {
                    // Parquet takes it like any other record, only the output topic cannot
                    expected.merge("conn", new Expected(1, 1), Expected::plus);
                }
                continue;
            }
            byte[] record = mix.record(records++, RECORDS);
            input.add(record);
            // the zeek-kafka envelope {"<type>": {...}}
            Map.Entry<String, JsonNode> tagged = json.readTree(record).fields().next();
            expected.merge(tagged.getKey(), new Expected(1, tagged.getValue().hasNonNull("uid") ? 1 : 0),
                    Expected::plus);
        }
        kafka = broker;
        List<RecordMetadata> landed = kafka.produce(INPUT, input);
        poison = new HashMap<>();
        good = new HashSet<>();
        Set<Integer> poisoned = new TreeSet<>();
        for (int i = 0; i < MESSAGES; i++) {
            String id = id(INPUT, landed.get(i).partition(), landed.get(i).offset());
            if (placed[i] != null) {
                poison.put(id, placed[i]);
                poisoned.add(landed.get(i).partition());
            } else {
                good.add(id);
            }
        }
        assertEquals(PARTITIONS, poisoned.size(), "partitions with poison messages" + seed());
    }

    /** Poison messages per kind, as the field above says. */
    private static Map<PoisonKind, Integer> poisonCounts() {
        Map<PoisonKind, Integer> counts = new EnumMap<>(PoisonKind.class);
        for (PoisonKind kind : PoisonKind.values()) {
            counts.put(kind, 70);
        }
        counts.put(PoisonKind.OVER_INPUT_LIMIT, 100);
        counts.put(PoisonKind.OUTPUT_TOO_LARGE, 15);
        counts.put(PoisonKind.TSV_OUTPUT_TOO_LARGE, 15);
        return counts;
    }

    @Test
    void sigkillAtRandomMomentsThenRestartPutsEveryMessageInItsPlace() throws Exception {
        Scenario scenario = Scenario.named("sigkill");
        Path output = work.resolve("output");
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();
        for (int run = 1; run <= KILLS; run++) {
            long remaining = MESSAGES - kafka.committedSum(scenario.group, INPUT);
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

        // a kill may leave hidden temporary files (removed by a later start once stale), never visible ones
        String context = seed() + ", SIGKILLs " + kills;
        assertEveryMessageInItsPlace(scenario, output, context,
                () -> assertEquals(List.of(), visibleNonParquet(output), "files visible to readers" + context));
    }

    @Test
    void sigtermMidStreamThenRestartPutsEveryMessageInItsPlace() throws Exception {
        Scenario scenario = Scenario.named("sigterm");
        Path output = work.resolve("output");
        long threshold = randomThreshold(new Random(SEED), MESSAGES);
        try (PipelineProcess pipeline = start(scenario, output, 1)) {
            awaitOrDump(pipeline, () -> pipeline.lastHealth("consumed") >= threshold, "consuming past " + threshold);
            assertTrue(pipeline.terminate(60), "exits after SIGTERM" + seed());
            assertTrue(pipeline.logText().contains(" | shutdown | drained"),
                    "drained on SIGTERM" + seed() + ":\n" + tail(pipeline.logText()));
        }
        long committedAtStop = kafka.committedSum(scenario.group, INPUT);
        assertTrue(committedAtStop < MESSAGES, "SIGTERM came mid-stream: " + committedAtStop + " committed" + seed());
        runUntilEverythingIsCommitted(scenario, output, 2);

        // a drained stop completes every file it began
        String context = seed() + ", SIGTERM at consumed>=" + threshold + " with " + committedAtStop + " committed";
        assertEveryMessageInItsPlace(scenario, output, context,
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
            awaitOrDump(pipeline, () -> kafka.committedSum(scenario.group, INPUT) == MESSAGES,
                    "every input offset committed in the last run");
            assertTrue(pipeline.terminate(60), "last run exits after SIGTERM" + seed());
        }
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

    /** Parquet exactly once, the output topic and the dead letters at least once, and the scenario's own file check. */
    private static void assertEveryMessageInItsPlace(Scenario scenario, Path output, String context, Executable files) {
        assertAll(
                () -> assertEveryRecordOnceInParquet(output, context),
                () -> assertEveryGoodRecordOnTheOutputTopic(scenario, context),
                () -> assertEveryPoisonMessageDeadLettered(scenario, context),
                files);
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
        long records = expected.values().stream().mapToLong(Expected::records).sum();
        assertTrue(wrong.isEmpty() && unexpected.isEmpty(), () -> "exactly once in Parquet: " + records
                + " records in, " + total + " rows out (" + (total - records) + " extra); " + wrong.size() + " of "
                + expected.size() + " log types differ " + wrong
                + (unexpected.isEmpty() ? "" : ", unexpected folders " + unexpected) + context);
    }

    /** The output topic holds every good record and nothing else (poison, output-too-large ones included). */
    private static void assertEveryGoodRecordOnTheOutputTopic(Scenario scenario, String context) {
        Set<String> ids = new HashSet<>();
        kafka.forEachRecord(scenario.output, READ_TIMEOUT, record -> ids.add(header(record, ZeekHeaders.EVENT_ID)));
        assertSameIds(scenario.output, good, ids, context);
    }

    /**
     * The dead-letter topic holds every poison message and nothing else, each with its reason, whole or cut as marked.
     */
    private static void assertEveryPoisonMessageDeadLettered(Scenario scenario, String context) {
        Set<String> ids = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        kafka.forEachRecord(scenario.deadLetters, READ_TIMEOUT, letter -> {
            String id = id(header(letter, ZeekHeaders.DLQ_SOURCE_TOPIC),
                    Integer.parseInt(header(letter, ZeekHeaders.DLQ_SOURCE_PARTITION)),
                    Long.parseLong(header(letter, ZeekHeaders.DLQ_SOURCE_OFFSET)));
            ids.add(id);
            Poison source = poison.get(id);
            String problem = source == null ? null : problem(source, letter);
            if (problem != null) {
                wrong.add(id + " " + source.kind() + ": " + problem);
            }
        });
        assertAll(
                () -> assertSameIds(scenario.deadLetters, poison.keySet(), ids, context),
                () -> assertTrue(wrong.isEmpty(), () -> wrong.size() + " dead letters wrong, such as "
                        + wrong.subList(0, Math.min(5, wrong.size())) + context));
    }

    /**
     * What is wrong with a poison message's dead letter, null when nothing: it must give the kind's reason and
     * hold the whole message, or (larger than the dead-letter limit) its start, marked with the original size.
     */
    private static String problem(Poison source, ConsumerRecord<byte[], byte[]> letter) {
        String reason = header(letter, ZeekHeaders.DLQ_ERROR);
        if (reason == null || !reason.contains(source.kind().reason())) {
            return "reason '" + reason + "' lacks '" + source.kind().reason() + "'";
        }
        byte[] value = letter.value() == null ? new byte[0] : letter.value();
        byte[] original = source.bytes();
        String truncated = header(letter, ZeekHeaders.DLQ_TRUNCATED);
        if (value.length <= DEAD_LETTER_MAX_BYTES && Arrays.equals(value, original) && truncated == null) {
            return null;
        }
        boolean start = value.length < original.length && value.length <= DEAD_LETTER_MAX_BYTES
                        && Arrays.equals(value, 0, value.length, original, 0, value.length);
        String originalSize = header(letter, ZeekHeaders.DLQ_ORIGINAL_SIZE);
        return start && "true".equals(truncated) && String.valueOf(original.length).equals(originalSize) ? null
                : value.length + " bytes of " + original.length + (start ? " (its start)" : " (not its start)")
                  + ", truncated=" + truncated + ", original size " + originalSize;
    }

    /** The ids a topic holds against those it must hold: how many are missing and how many should not be there. */
    private static void assertSameIds(String topic, Set<String> expected, Set<String> actual, String context) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> topic + ": " + missing.size() + " of " + expected.size()
                + " missing " + some(missing) + ", " + extra.size() + " not expected " + some(extra) + context);
    }

    /** Up to ten ids, each poison one with its kind. */
    private static List<String> some(Set<String> ids) {
        return ids.stream().limit(10)
                .map(id -> poison.containsKey(id) ? id + " (" + poison.get(id).kind() + ")" : id).toList();
    }

    /** The event id's form of input coordinates: topic-partition-offset. */
    private static String id(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
