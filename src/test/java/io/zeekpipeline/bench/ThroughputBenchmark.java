package io.zeekpipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.Folders;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end benchmark: an in-process broker preloaded once with a sensor-like mix and warmed, a bare
 * KafkaConsumer as the yardstick, then the packaged pipeline as its own process (both outputs on) run against the
 * topic several times ({@link BenchmarkRun}); prints each run's figures and their medians, and appends one JSON
 * line per run and one of the medians to a results file.
 * Usage: {@code ThroughputBenchmark [records] [results.jsonl] [xmx] [consumers] [sensor|all] [runs]}.
 */
public final class ThroughputBenchmark {

    private static final String TOPIC = "zeek-bench";
    private static final int PARTITIONS = 4;
    /** Records the broker handles before the timing starts, see {@link #warmBroker}. */
    private static final long WARMUP_RECORDS = 300_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The JVM flags the Dockerfile and k8s/ ship with, besides the heap size; the class-data sharing archive is the
     * one {@code mvn package} made beside the jar (the image's is beside its jar, in /opt/zeek-pipeline).
     */
    static final List<String> SHIPPED_JVM_FLAGS =
            List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:FreqInlineSize=100",
                    "-XX:InlineSmallCode=500", "-XX:Tier3InvocationThreshold=1000",
                    "-XX:Tier3MinInvocationThreshold=500", "-XX:Tier3CompileThreshold=5000",
                    "-XX:SharedArchiveFile=" + Path.of("target/zeek-pipeline.jsa").toAbsolutePath());

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000L;
        Path results = Path.of(args.length > 1 ? args[1] : "target/benchmark.jsonl").toAbsolutePath();
        String xmx = args.length > 2 ? args[2] : "512m";
        String consumers = args.length > 3 ? args[3] : "2";
        boolean allLogTypes = args.length > 4 && args[4].equals("all");
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        if (records < 3 || runs < 1) {
            throw new IllegalArgumentException("benchmark.records must be 3 or more and benchmark.runs 1 or more");
        }
        Files.createDirectories(results.getParent());
        Path work = Files.createTempDirectory("zeek-bench");
        // a broker waits group.initial.rebalance.delay.ms (Kafka's default 3 s) for more members before a new
        // group's first join completes: with 0, the start-up figures neither hide nor include that wait;
        // a run's output topic is deleted at once, not a minute later inside the next run
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("group.initial.rebalance.delay.ms", "0",
                "file.delete.delay.ms", "0"))) {
            kafka.createTopic(TOPIC, PARTITIONS);
            SensorMix mix = new SensorMix(42, allLogTypes);
            long inputBytes = preload(kafka, records, mix);
            double bareRate = bareConsumerRate(kafka.bootstrapServers(), records);
            System.out.printf(Locale.ROOT, "bare consumer: %,.0f records/s%n", bareRate);
            warmBroker(kafka, mix);

            List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + xmx));
            jvmArgs.addAll(SHIPPED_JVM_FLAGS);
            // e.g. -XX:StartFlightRecording=filename=/tmp/pipeline.jfr to profile the pipeline process
            String extra = System.getProperty("bench.jvmArgs", "");
            if (!extra.isBlank()) {
                jvmArgs.addAll(List.of(extra.trim().split("\\s+")));
            }
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("records", records);
            setup.put("log_types", mix.logTypes());
            setup.put("input_bytes", inputBytes);
            setup.put("xmx", xmx);
            setup.put("consumers", Integer.parseInt(consumers));
            setup.put("bare_consumer_per_second", Math.round(bareRate));
            setup.put("cpus", Runtime.getRuntime().availableProcessors());
            setup.put("jvm_args", String.join(" ", jvmArgs));

            BenchmarkRun benchmark = new BenchmarkRun(kafka, TOPIC, records, jvmArgs, consumers);
            List<RunFigures> figures = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Path runWork = Files.createDirectory(work.resolve("run" + run));
                RunFigures one = benchmark.run(run, runWork, results.getParent());
                Folders.deleteTree(runWork);
                figures.add(one);
                print("run " + run + " of " + runs, one);
                append(results, "run", run, setup, one);
            }
            RunFigures median = RunFigures.median(figures);
            print("median of " + runs + " runs", median);
            append(results, "median_of_runs", runs, setup, median);
        } finally {
            Folders.deleteTree(work);
        }
        printTotalTime();
    }

    private static void print(String title, RunFigures figures) {
        System.out.println(title + ":");
        figures.lines().forEach(line -> System.out.println("  " + line));
    }

    /** One JSON line: the time, which run (or how many the medians are of), the setup, the figures. */
    private static void append(Path results, String which, int run, Map<String, Object> setup, RunFigures figures)
            throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", Instant.now().toString());
        line.put(which, run);
        line.putAll(setup);
        line.putAll(figures.json());
        Files.writeString(results, JSON.writeValueAsString(line) + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Since Maven started (-Dbenchmark.build-start, its build timestamp) and since this JVM did. */
    private static void printTotalTime() {
        long now = System.currentTimeMillis();
        String buildStart = System.getProperty("benchmark.build-start", "");
        String since = buildStart.isBlank() ? ""
                : String.format(Locale.ROOT, "%.0f s since mvn started, ",
                        (now - Instant.parse(buildStart).toEpochMilli()) / 1000.0);
        System.out.printf(Locale.ROOT, "total: %s%.0f s in the benchmark%n", since,
                (now - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0);
    }

    private static long preload(EmbeddedKafka kafka, long records, SensorMix mix) {
        Properties p = config(kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "524288",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long bytes = 0;
        long start = System.nanoTime();
        double cpuAtStart = BenchmarkRun.processCpuSeconds();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = mix.record(i, records);
                bytes += value.length;
                producer.send(new ProducerRecord<>(TOPIC, value));
            }
            producer.flush();
        }
        // a send that failed would otherwise only show as a run waiting for records that never come
        long landed = kafka.endOffsetSum(TOPIC);
        if (landed != records) {
            throw new IllegalStateException("preloaded " + landed + " of " + records + " records");
        }
        System.out.printf(Locale.ROOT, "preloaded %d records of %d log types (%d MB) into %d partitions in %.1f s "
                                       + "(%.1f CPU-seconds of producer and broker)%n",
                records, mix.logTypes(), bytes / (1024 * 1024), PARTITIONS, (System.nanoTime() - start) / 1e9,
                BenchmarkRun.processCpuSeconds() - cpuAtStart);
        if (!mix.missingLogTypes().isEmpty()) {
            // the figures are not comparable with runs whose mix had these types
            System.out.println("left out of the mix, no sample of them in " + ZeekSamples.root()
                               + " (-Dzeek.samples=PATH for a larger corpus): " + mix.missingLogTypes());
        }
        return bytes;
    }

    /**
     * Takes the broker through what the pipeline will ask of it, before the timing starts: lz4 batches
     * of records with a header from an idempotent producer, a consumer group that joins and commits
     * after every poll, end-offset queries. Without it the broker's own JIT compiler ran for about 3
     * CPU-seconds inside the measured window, on the same two cores; a production broker is long warm.
     */
    private static void warmBroker(EmbeddedKafka kafka, SensorMix mix) {
        String topic = TOPIC + "-warmup";
        kafka.createTopic(topic, PARTITIONS);
        long start = System.nanoTime();
        // one request at a time: a first batch the new topic's leader refuses must not be overtaken by
        // the next, or the idempotent producer retries it out of sequence for minutes
        Properties producerConfig = config(kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < WARMUP_RECORDS; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, mix.record(i, WARMUP_RECORDS));
                record.headers().add(ZeekHeaders.EVENT_ID, Long.toString(i).getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        Properties consumerConfig = config(kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "zeek-warmup", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long seen = 0;
            while (seen < WARMUP_RECORDS) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
                consumer.commitAsync();
                kafka.endOffsetSum(topic);
            }
            consumer.commitSync();
        }
        System.out.printf(Locale.ROOT, "broker warmed with %d records in %.1f s%n", WARMUP_RECORDS,
                (System.nanoTime() - start) / 1e9);
    }

    /** Kafka client settings: the bootstrap servers, then names and values in turn. */
    private static Properties config(String brokers, String... namesAndValues) {
        Properties config = new Properties();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            config.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return config;
    }

    /** Records per second of a plain KafkaConsumer reading the whole topic, first record to last. */
    private static double bareConsumerRate(String brokers, long records) {
        Properties p = config(brokers, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                partitions.add(new TopicPartition(TOPIC, i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long seen = 0;
            long first = 0;
            while (seen < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (first == 0 && !batch.isEmpty()) {
                    first = System.nanoTime();
                }
                seen += batch.count();
            }
            return records / ((System.nanoTime() - first) / 1e9);
        }
    }
}
