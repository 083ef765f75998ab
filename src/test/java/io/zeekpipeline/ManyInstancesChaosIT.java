package io.zeekpipeline;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.FreePorts;
import io.zeekpipeline.testkit.ManagementServer;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many instances: three packaged jars in one consumer group on a 12-partition topic, sharing one output folder,
 * while records keep arriving: two of them are killed (SIGKILL) at different moments and started again, then all
 * three are restarted one after another (SIGTERM, start, in the group, next). Every record is in Parquet exactly
 * once, on the output topic at least once, and no published file ever changes.
 */
@PipelineTest(topics = @PipelineTest.Topic(name = ManyInstancesChaosIT.INPUT, partitions = 12))
class ManyInstancesChaosIT {

    static final String INPUT = "zeek-raw";
    private static final String GROUP = "chaos-group";
    private static final String OUTPUT = "chaos-normalized";
    private static final String DEAD_LETTERS = "chaos-dlq";
    private static final int INSTANCES = 3;
    /** Committed records between two disturbances: each one strikes while records flow. */
    private static final long PROGRESS = 1_000;
    /** Each wait: generous, a loaded 2-core machine starts a JVM in seconds, not minutes. */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path work;

    private EmbeddedKafka kafka;
    private Path output;
    private final PipelineProcess[] instances = new PipelineProcess[INSTANCES];
    private final int[] ports = new int[INSTANCES];
    private int runs;
    /** What happened when, in seconds from the test's start, for the failure messages. */
    private final List<String> events = new ArrayList<>();
    private final long started = System.nanoTime();

    @Test
    void killsAndARollingRestartLeaveEveryRecordOnceInParquet(EmbeddedKafka broker) throws Exception {
        kafka = broker;
        output = work.resolve("output");
        // created up front, so that an empty one can be asserted
        kafka.createTopic(DEAD_LETTERS, 1);
        Input input = new Input(kafka);
        PublishedFiles files = new PublishedFiles(output);
        try {
            for (int slot = 0; slot < INSTANCES; slot++) {
                start(slot);
            }
            input.start();
            files.start();
            for (int slot = 0; slot < INSTANCES; slot++) {
                awaitInGroup(slot);
            }
            // two crashes at different moments: the first of instance 0, the second of instance 1 once
            // instance 0's successor has joined and the group has moved on
            for (int slot : new int[] {0, 1}) {
                awaitProgress("before killing instance " + slot);
                event("SIGKILL instance " + slot + " at " + committed() + " committed");
                assertTrue(instances[slot].kill(30), "instance " + slot + " exits on SIGKILL");
                start(slot);
                awaitInGroup(slot);
            }
            // a rolling restart: each instance drains and hands its partitions over before the next goes
            for (int slot = 0; slot < INSTANCES; slot++) {
                awaitProgress("before stopping instance " + slot);
                event("SIGTERM instance " + slot + " at " + committed() + " committed");
                assertTrue(instances[slot].terminate(60), "instance " + slot + " exits after SIGTERM" + context());
                assertTrue(instances[slot].logText().contains(" | shutdown | drained"),
                        "instance " + slot + " drained on SIGTERM" + context());
                start(slot);
                awaitInGroup(slot);
            }
            input.stop();
            long produced = input.produced();
            awaitOrDump(() -> committed() == produced, "every one of the " + produced + " input offsets committed");
            event("all " + produced + " offsets committed");
            for (PipelineProcess instance : instances) {
                instance.signalStop();
            }
            for (int slot = 0; slot < INSTANCES; slot++) {
                assertTrue(instances[slot].awaitExit(60), "instance " + slot + " exits after SIGTERM" + context());
            }
        } finally {
            input.stop();
            files.stop();
            for (PipelineProcess instance : instances) {
                if (instance != null) {
                    instance.close();
                }
            }
        }

        event("stopped");
        String context = context();
        assertAll(
                () -> assertEveryRecordOnceInParquet(input, context),
                () -> assertEveryRecordOnTheOutputTopic(input, context),
                () -> assertEquals(0, kafka.endOffsetSum(DEAD_LETTERS), "dead letters" + context),
                () -> assertTrue(files.seen() > 0, "published files seen during the run" + context),
                () -> assertEquals(List.of(), files.changed(), "published files changed or gone" + context),
                () -> assertEquals(List.of(), ParquetOutput.files(output).stream()
                        .filter(file -> !file.getFileName().toString().startsWith(".")
                                        && !ParquetOutput.isPublished(file))
                        .toList(), "files visible to readers that are not Parquet" + context));
    }

    /** Per log type, as many rows as records went in, each with its own uid (the flow_id column). */
    private void assertEveryRecordOnceInParquet(Input input, String context) throws Exception {
        Map<String, String> wrong = new TreeMap<>();
        for (Map.Entry<String, Long> type : input.recordsByType().entrySet()) {
            long rows = ParquetOutput.rows(output, type.getKey());
            long uids = ParquetOutput.scalar(output, type.getKey(), "count(DISTINCT flow_id)");
            if (rows != type.getValue() || uids != type.getValue()) {
                wrong.put(type.getKey(), type.getValue() + " in, " + rows + " rows, " + uids + " distinct uids");
            }
        }
        Set<String> folders = new TreeSet<>();
        try (DirectoryStream<Path> types = Files.newDirectoryStream(output)) {
            types.forEach(folder -> folders.add(folder.getFileName().toString()));
        }
        assertTrue(wrong.isEmpty(), "exactly once in Parquet: " + wrong + context);
        assertEquals(input.recordsByType().keySet(), folders, "log type folders" + context);
    }

    /** Every input record's event id (topic-partition-offset) is on the output topic, and nothing else. */
    private void assertEveryRecordOnTheOutputTopic(Input input, String context) {
        Set<String> ids = new TreeSet<>();
        kafka.forEachRecord(OUTPUT, STEP_TIMEOUT, record -> ids.add(header(record, ZeekHeaders.EVENT_ID)));
        Set<String> missing = new TreeSet<>(input.ids());
        missing.removeAll(ids);
        Set<String> extra = new TreeSet<>(ids);
        extra.removeAll(input.ids());
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> OUTPUT + ": " + missing.size() + " of "
                + input.ids().size() + " missing " + missing.stream().limit(10).toList() + ", " + extra.size()
                + " not expected " + extra.stream().limit(10).toList() + context);
    }

    private void start(int slot) throws IOException {
        // a folder per run: pipeline.log is appended to, and each run's log is kept for the failure message
        Path folder = Files.createDirectories(work.resolve("run-" + ++runs + "-instance-" + slot));
        ports[slot] = FreePorts.find();
        // a killed consumer stays in the group until its session expires (45 s by default); heartbeats every
        // second keep a live one in it on a loaded machine. Eight starts on two cores: C1 only and the serial
        // collector spend less CPU starting than the shipped flags, which are for throughput
        List<String> jvmArgs = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dcamel.component.kafka.sessionTimeoutMs=10000", "-Dcamel.component.kafka.heartbeatIntervalMs=1000");
        instances[slot] = PipelineProcess.start(folder, jvmArgs, List.of(), Map.of(
                PipelineProcess.MANAGEMENT_PORT_VARIABLE, String.valueOf(ports[slot]),
                "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                "PIPELINE_INPUT_TOPIC", INPUT,
                "PIPELINE_INPUT_GROUP_ID", GROUP,
                "PIPELINE_INPUT_CONSUMERS", "2",
                "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                "PIPELINE_OUTPUT_TOPIC", OUTPUT,
                "PIPELINE_DEAD_LETTER_TOPIC", DEAD_LETTERS,
                // open batches are written every 2 s, so each disturbance finds some written and some open
                "PIPELINE_FLUSH_EVENT_COUNT", "1000",
                "PIPELINE_FLUSH_INTERVAL_SECONDS", "2"));
        event("run " + runs + ": instance " + slot + " started");
    }

    /** Waits until the instance is ready: every one of its consumers joined the group. */
    private void awaitInGroup(int slot) throws InterruptedException {
        ManagementServer server = new ManagementServer(ports[slot]);
        awaitOrDump(() -> server.status(ManagementServer.READY) == 200, "instance " + slot + " in the group");
        event("instance " + slot + " in the group at " + committed() + " committed");
    }

    /** Waits until the group committed {@link #PROGRESS} more records than now. */
    private void awaitProgress(String what) throws InterruptedException {
        long target = committed() + PROGRESS;
        awaitOrDump(() -> committed() >= target, target + " offsets committed " + what);
    }

    private long committed() {
        return kafka.committedSum(GROUP, INPUT);
    }

    private void awaitOrDump(BooleanSupplier condition, String what) throws InterruptedException {
        try {
            RunningPipeline.await(condition, STEP_TIMEOUT, Duration.ofMillis(250), what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context() + logTails(), e);
        }
    }

    private void event(String what) {
        events.add(String.format("%.1f s: %s", (System.nanoTime() - started) / 1e9, what));
    }

    private String context() {
        return "; " + String.join(", ", events);
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        for (int slot = 0; slot < INSTANCES; slot++) {
            if (instances[slot] != null) {
                String log = instances[slot].logText();
                tails.append("\n--- instance ").append(slot).append(" log:\n")
                        .append(log.length() <= 3000 ? log : "..." + log.substring(log.length() - 3000));
            }
        }
        return tails.toString();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Produces records to the input topic on a thread of its own, a small chunk every 200 ms until stopped, and
     * keeps what Parquet and the output topic must hold. Real conn, dns and ssl records, each with a uid of its
     * own and all in one event hour (few open batches, few files). Thread-safe.
     */
    private static final class Input implements Runnable {

        private static final int CHUNK = 250;
        private static final long START_MICROS = 1_764_115_200_000_000L; // 2025-11-26T00:00:00Z
        private static final String[] MIX = {"conn", "conn", "conn", "conn", "conn", "dns", "dns", "dns", "ssl",
            "ssl"};

        private final EmbeddedKafka kafka;
        private final Map<String, List<String>> samples = new TreeMap<>();
        private final ObjectMapper json = new ObjectMapper();
        private final Map<String, Long> byType = new ConcurrentHashMap<>();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this, "chaos-input");
        private volatile boolean stopped;
        private long next;

        Input(EmbeddedKafka kafka) throws IOException {
            this.kafka = kafka;
            samples.put("conn", ZeekSamples.lines("json/conn.log"));
            samples.put("dns", ZeekSamples.lines("json/dns.log.gz"));
            samples.put("ssl", ZeekSamples.lines("json/ssl.log.gz"));
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    List<String> types = new ArrayList<>(CHUNK);
                    List<byte[]> chunk = new ArrayList<>(CHUNK);
                    for (int i = 0; i < CHUNK; i++, next++) {
                        String type = MIX[(int) (next % MIX.length)];
                        types.add(type);
                        chunk.add(record(type, next));
                    }
                    List<RecordMetadata> landed = kafka.produce(INPUT, chunk);
                    for (int i = 0; i < landed.size(); i++) {
                        byType.merge(types.get(i), 1L, Long::sum);
                        ids.add(INPUT + "-" + landed.get(i).partition() + "-" + landed.get(i).offset());
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        }

        /** The n-th record: a sample of the type with the uid C{n}, n milliseconds into the hour. */
        private byte[] record(String type, long n) throws IOException {
            List<String> lines = samples.get(type);
            ObjectNode record = (ObjectNode) json.readTree(lines.get((int) (n % lines.size())));
            record.put("uid", "C" + n);
            record.put("ts", BigDecimal.valueOf(START_MICROS + n * 1000, 6));
            return ("{\"" + type + "\": " + record + "}").getBytes(StandardCharsets.UTF_8);
        }

        /** Stops producing, after the chunk under way; fails when producing failed. */
        void stop() throws InterruptedException {
            stopped = true;
            thread.join(Duration.ofSeconds(60).toMillis());
            if (failure.get() != null) {
                throw new AssertionError("producing the input failed", failure.get());
            }
        }

        long produced() {
            return ids.size();
        }

        Map<String, Long> recordsByType() {
            return new TreeMap<>(byType);
        }

        Set<String> ids() {
            return ids;
        }
    }

    /**
     * Watches the output folder on a thread of its own, every 200 ms, and keeps a checksum of each published
     * Parquet file as first seen; {@link #changed()} then tells the files whose content is no longer that.
     * Thread-safe.
     */
    private static final class PublishedFiles implements Runnable {

        private final Path base;
        private final Map<Path, Long> firstSeen = new ConcurrentHashMap<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this, "chaos-files");
        private volatile boolean stopped;

        PublishedFiles(Path base) {
            this.base = base;
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    look(base);
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        }

        /**
         * Records the published files below the folder not seen before. Walked by hand, not with Files.walk: that
         * reads every entry's attributes and fails on a temporary file renamed or removed meanwhile.
         */
        private void look(Path folder) throws IOException {
            if (!Files.isDirectory(folder)) {
                return;
            }
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                stream.forEach(entries::add);
            }
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    look(entry);
                } else if (ParquetOutput.isPublished(entry) && !firstSeen.containsKey(entry)) {
                    // a published file is complete: it got its name by a rename once written
                    firstSeen.put(entry, checksum(entry));
                }
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(Duration.ofSeconds(30).toMillis());
            if (failure.get() != null) {
                throw new AssertionError("watching the output folder failed", failure.get());
            }
        }

        /** How many published files were seen during the run. */
        int seen() {
            return firstSeen.size();
        }

        /** The files seen during the run that are gone or whose content differs from when first seen. */
        List<String> changed() throws IOException {
            List<String> changed = new ArrayList<>();
            for (Map.Entry<Path, Long> file : new TreeMap<>(firstSeen).entrySet()) {
                if (!Files.exists(file.getKey())) {
                    changed.add(file.getKey() + " gone");
                } else if (checksum(file.getKey()) != file.getValue()) {
                    changed.add(file.getKey() + " rewritten");
                }
            }
            return changed;
        }

        private static long checksum(Path file) throws IOException {
            CRC32C crc = new CRC32C();
            crc.update(Files.readAllBytes(file));
            return crc.getValue();
        }
    }
}
