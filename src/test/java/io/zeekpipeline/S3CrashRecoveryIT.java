package io.zeekpipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.bench.SensorMix;
import io.zeekpipeline.config.HadoopSettings;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.S3Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, started with {@code --config} on a seed config.json whose base path is {@code s3a://…}, the
 * S3 settings as {@code pipeline.hadoop.fs.s3a.*} and the credentials in AWS's variables, killed (SIGKILL) twice
 * while it publishes files to a real S3 API server and restarted: every record is in Parquet exactly once, and
 * the bucket holds nothing but published files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 2))
class S3CrashRecoveryIT {

    /** Chooses the input records and the kill points; -Dcrash.seed=N replays another run's. */
    private static final long SEED = Long.getLong("crash.seed", 20_261_206L);
    private static final int RECORDS = 10_000;
    private static final String INPUT = "zeek-raw";
    private static final String GROUP = "s3-crash";
    private static final String PREFIX = "zeek";
    private static final int KILLS = 2;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path work;

    private EmbeddedKafka kafka;
    private S3Server s3;
    /** Input records per log type, and how many of them carry a uid. */
    private final Map<String, long[]> expected = new TreeMap<>();

    @BeforeAll
    void startS3AndProduceTheInput(EmbeddedKafka broker) throws Exception {
        kafka = broker;
        s3 = S3Server.withNewBucket();
        SensorMix mix = new SensorMix(SEED, false);
        ObjectMapper json = new ObjectMapper();
        List<byte[]> input = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            byte[] record = mix.record(i, RECORDS);
            input.add(record);
            // the zeek-kafka envelope {"<type>": {...}}
            Map.Entry<String, JsonNode> tagged = json.readTree(record).fields().next();
            long[] counts = expected.computeIfAbsent(tagged.getKey(), type -> new long[2]);
            counts[0]++;
            counts[1] += tagged.getValue().hasNonNull("uid") ? 1 : 0;
        }
        kafka.produce(INPUT, input);
    }


    @Test
    void sigkillWhilePublishingThenRestartWritesEveryRecordOnceToS3() throws Exception {
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();
        long started = System.nanoTime();
        for (int run = 1; run <= KILLS; run++) {
            int published = published().size();
            int more = 1 + random.nextInt(10);
            try (PipelineProcess pipeline = start(run)) {
                awaitOrDump(pipeline, () -> publishedWhileWriting() >= published + more,
                        "run " + run + " publishing " + more + " more files");
                assertTrue(pipeline.kill(30), "exits on SIGKILL" + seed());
                kills.add("run " + run + " at " + (System.nanoTime() - started) / 1_000_000_000 + " s after "
                          + published().size() + " files, "
                          + kafka.committedSum(GROUP, INPUT) + " offsets committed");
            }
        }
        long skipped = 0;
        try (PipelineProcess pipeline = start(KILLS + 1)) {
            awaitOrDump(pipeline, () -> kafka.committedSum(GROUP, INPUT) == RECORDS,
                    "every input offset committed in the last run");
            assertTrue(pipeline.terminate(60), "last run exits after SIGTERM" + seed());
        }
        for (int run = 2; run <= KILLS + 1; run++) {
            skipped += lastHealth(run, "already_persisted");
        }

        String context = seed() + ", SIGKILLs " + kills + ", " + skipped + " records skipped as already on S3";
        assertTrue(skipped > 0, "a restart read records again that a file on S3 held" + context);
        Map<String, String> rows = new TreeMap<>();
        Map<String, String> want = new TreeMap<>();
        for (Map.Entry<String, long[]> type : expected.entrySet()) {
            Path base = s3.folderOf(PREFIX);
            long uids = type.getValue()[1] == 0 ? 0
                    : ParquetOutput.scalar(base, type.getKey(), "count(DISTINCT flow_id)");
            rows.put(type.getKey(), ParquetOutput.rows(base, type.getKey()) + " rows, " + uids + " uids");
            want.put(type.getKey(), type.getValue()[0] + " rows, " + type.getValue()[1] + " uids");
        }
        assertEquals(want, rows, "exactly once in Parquet" + context);
        List<String> others = stored().stream().filter(name -> !ParquetOutput.isPublished(Path.of(name))).toList();
        assertEquals(List.of(), others, "objects that are not published Parquet files" + context);
    }

    /** The jar with the seed's config.json: brokers, topic, group, the s3a:// base path, small batches. */
    private PipelineProcess start(int run) throws IOException {
        // a folder per run: pipeline.log is appended to, and lastHealth must not read an earlier run's lines
        Path folder = Files.createDirectories(work.resolve("run-" + run));
        Path config = folder.resolve("config.json");
        Files.writeString(config, """
                {
                  "kafka": {"brokers": ["%s"], "topic": "%s", "group_id": "%s"},
                  "output": {"parquet": {"enabled": true, "base_path": "%s"}, "kafka": {"enabled": false}},
                  "write": {"flush_buffer_mb": 64, "flush_interval_seconds": 3, "flush_event_count": 1000}
                }
                """.formatted(kafka.bootstrapServers(), INPUT, GROUP, s3.uri(PREFIX)));
        // every source of pipeline.hadoop.* settings: the endpoint in a properties file, the region with -D,
        // path-style access in a variable; the credentials in AWS's variables (S3A's default credential chain)
        Map<String, String> endpoint = s3.endpointSettings();
        String region = endpoint.remove("fs.s3a.endpoint.region");
        String pathStyle = endpoint.remove("fs.s3a.path.style.access");
        Path properties = folder.resolve("s3.properties");
        Files.writeString(properties, endpoint.entrySet().stream()
                .map(setting -> HadoopSettings.PREFIX + setting.getKey() + "=" + setting.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        Map<String, String> env = new TreeMap<>(s3.credentialVariables());
        env.put("PIPELINE_PROPERTIES_FILE", properties.toString());
        env.put("PIPELINE_HADOOP_FS_S3A_PATH_STYLE_ACCESS", pathStyle);
        // a killed consumer never leaves its group: the next run gets the partitions once the dead one's session
        // expires, 45 s by default; 6 s is the broker's minimum
        List<String> jvmArgs = List.of("-Xmx512m", "-Dcamel.component.kafka.sessionTimeoutMs=6000",
                "-D" + HadoopSettings.PREFIX + "fs.s3a.endpoint.region=" + region);
        return PipelineProcess.start(folder, jvmArgs, List.of("--config", config.toString()), env);
    }

    /** A field of the last health line a run logged. */
    private static long lastHealth(int run, String field) throws IOException {
        Matcher line = Pattern.compile("health \\|.*\\b" + field + "=(\\d+)")
                .matcher(Files.readString(work.resolve("run-" + run).resolve("logs").resolve("pipeline.log")));
        long last = -1;
        while (line.find()) {
            last = Long.parseLong(line.group(1));
        }
        return last;
    }

    /** The published Parquet files the server holds. */
    private List<String> published() {
        return stored().stream().filter(name -> ParquetOutput.isPublished(Path.of(name))).toList();
    }

    /** As {@link #published()}, -1 when a file the server was writing vanished during the walk. */
    private int publishedWhileWriting() {
        try {
            return published().size();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    /** Every object the server holds in the bucket, by its key. */
    private List<String> stored() {
        Path bucket = s3.folderOf("");
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).map(file -> bucket.relativize(file).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Awaits the condition; on a timeout the failure carries the end of that run's log. */
    private static void awaitOrDump(PipelineProcess pipeline, BooleanSupplier condition, String what)
            throws InterruptedException {
        try {
            RunningPipeline.await(condition, RUN_TIMEOUT, what);
        } catch (AssertionError e) {
            String log = pipeline.logText();
            throw new AssertionError(e.getMessage() + seed() + "; pipeline log:\n"
                                     + (log.length() <= 4000 ? log : "..." + log.substring(log.length() - 4000)), e);
        }
    }

    private static String seed() {
        return " (seed " + SEED + ")";
    }
}
