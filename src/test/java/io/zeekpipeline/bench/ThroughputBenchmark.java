package io.zeekpipeline.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.Folders;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
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
 * End-to-end benchmark: an in-process broker preloaded with a sensor-like mix, a bare KafkaConsumer
 * as the yardstick, then the packaged pipeline as its own process (both outputs on), timed from its
 * first consumed record until, after a SIGTERM once everything is consumed, every offset is committed. Prints the
 * figures and appends them as one JSON line to a results file.
 * Usage: {@code ThroughputBenchmark [records] [results.jsonl] [xmx] [consumers]}.
 */
public final class ThroughputBenchmark {

    private static final String TOPIC = "zeek-bench";
    private static final String OUTPUT_TOPIC = TOPIC + "-out";
    /** The pipeline's consumer group. */
    private static final String GROUP = "zeek-bench";
    private static final int PARTITIONS = 4;
    /** Records the broker handles before the timing starts, see {@link #warmBroker}. */
    private static final long WARMUP_RECORDS = 300_000;
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
        long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path results = Path.of(args.length > 1 ? args[1] : "target/benchmark.jsonl");
        String xmx = args.length > 2 ? args[2] : "512m";
        String consumers = args.length > 3 ? args[3] : "2";
        boolean allLogTypes = args.length > 4 && args[4].equals("all");
        Path work = Files.createTempDirectory("zeek-bench");
        // Kafka's default group join delay, as on a production broker (the test broker's 0 keeps tests quick): both
        // consumers join the group's first generation, instead of now and then one after the other, with a
        // rebalance a few seconds into the timed run that hands all partitions over
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("group.initial.rebalance.delay.ms", "3000"))) {
            kafka.createTopic(TOPIC, PARTITIONS);
            SensorMix mix = new SensorMix(42, allLogTypes);
            long inputBytes = preload(kafka.bootstrapServers(), records, mix);
            double bareRate = bareConsumerRate(kafka.bootstrapServers(), records);
            System.out.printf(Locale.ROOT, "bare consumer: %.0f records/s%n", bareRate);
            warmBroker(kafka, mix);

            Path output = work.resolve("output");
            List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + xmx));
            jvmArgs.addAll(SHIPPED_JVM_FLAGS);
            // e.g. -XX:StartFlightRecording=filename=/tmp/pipeline.jfr to profile the pipeline process
            String extra = System.getProperty("bench.jvmArgs", "");
            if (!extra.isBlank()) {
                jvmArgs.addAll(List.of(extra.trim().split("\\s+")));
            }
            double hostSpeedBefore = hostSha256MbPerSecond();
            // this process is the broker (and an idle wait) while the pipeline runs: its CPU is the broker's
            double brokerCpuAtStart = processCpuSeconds();
            try (PipelineProcess pipeline = PipelineProcess.start(work, jvmArgs,
                    List.of(), Map.of(
                            "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                            "PIPELINE_INPUT_TOPIC", TOPIC,
                            "PIPELINE_INPUT_GROUP_ID", GROUP,
                            "PIPELINE_INPUT_CONSUMERS", consumers,
                            "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                            "PIPELINE_OUTPUT_TOPIC", OUTPUT_TOPIC))) {
                // every record consumed (seen on the output topic within 100 ms, or on a health line, 1 s resolution),
                // then SIGTERM: the drain writes the open batches and commits;
                // the run ends when every offset is committed
                RunningPipeline.await(() -> pipeline.lastHealth("consumed") == records
                                            || kafka.hasTopic(OUTPUT_TOPIC)
                                            && kafka.endOffsetSum(OUTPUT_TOPIC) >= records,
                        Duration.ofMinutes(30), "every record consumed");
                long firstMillis = pipeline.lastHealth("first_record_at");
                long heapPeakMb = pipeline.lastHealth("heap_peak");
                long gcMillis = pipeline.lastHealth("gc_ms");
                long peakRss = pipeline.peakRssBytes();
                double cpuSeconds = pipeline.cpuSeconds();
                double brokerCpuSeconds = processCpuSeconds() - brokerCpuAtStart;
                pipeline.signalStop();
                // the end is the commit of the last offset, not the exit of the JVM that follows it
                RunningPipeline.await(() -> kafka.committedSum(GROUP, TOPIC) == records, Duration.ofMinutes(2),
                        Duration.ofMillis(10), "every offset committed");
                long doneMillis = System.currentTimeMillis();
                if (!pipeline.awaitExit(120)) {
                    throw new IllegalStateException("the pipeline did not stop after SIGTERM");
                }
                long exitMillis = System.currentTimeMillis();
                double hostSpeedAfter = hostSha256MbPerSecond();
                double seconds = (doneMillis - firstMillis) / 1000.0;
                long[] parquet = parquetFilesAndBytes(output);
                long outputRecords = kafka.endOffsetSum(OUTPUT_TOPIC);
                String json = String.format(Locale.ROOT,
                        "{\"at\":\"%s\",\"records\":%d,\"log_types\":%d,\"input_bytes\":%d,\"xmx\":\"%s\","
                        + "\"consumers\":%s,"
                        + "\"events_per_second\":%.0f,\"seconds\":%.2f,\"bare_consumer_per_second\":%.0f,"
                        + "\"peak_rss_mb\":%d,\"heap_peak_mb\":%d,\"gc_ms\":%d,\"parquet_files\":%d,"
                        + "\"parquet_bytes_per_event\":%.1f,\"output_records\":%d,\"pipeline_cpu_seconds\":%.1f,"
                        + "\"broker_cpu_seconds\":%.1f,\"cpus\":%d,"
                        + "\"host_sha256_mb_per_s\":[%.0f,%.0f],\"jvm_args\":\"%s\"}",
                        Instant.now(), records, mix.logTypes(), inputBytes, xmx, consumers, records / seconds,
                        seconds, bareRate,
                        peakRss / (1024 * 1024), heapPeakMb, gcMillis, parquet[0], (double) parquet[1] / records,
                        outputRecords, cpuSeconds, brokerCpuSeconds, Runtime.getRuntime().availableProcessors(),
                        hostSpeedBefore, hostSpeedAfter, String.join(" ", jvmArgs));
                System.out.printf(Locale.ROOT, "pipeline: %d records in %.2f s = %.0f events/s end to end; "
                                  + "peak RSS %d MB, heap peak %d MB, GC %d ms; "
                                  + "%d Parquet files, %.1f bytes/event; %d output records; "
                                  + "the process exited %d ms after the last commit%n",
                        records, seconds, records / seconds, peakRss / (1024 * 1024), heapPeakMb, gcMillis,
                        parquet[0], (double) parquet[1] / records, outputRecords, exitMillis - doneMillis);
                System.out.printf(Locale.ROOT, "host: SHA-256 %.0f MB/s before the pipeline, %.0f after%n",
                        hostSpeedBefore, hostSpeedAfter);
                System.out.println(json);
                Files.createDirectories(results.toAbsolutePath().getParent());
                // the run's health lines (one a second) show where the time went; the console has what the JVM printed
                Files.writeString(results.resolveSibling("benchmark-pipeline.log"), pipeline.logText());
                Files.copy(work.resolve("console.txt"), results.resolveSibling("benchmark-console.txt"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(results, json + System.lineSeparator(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } finally {
            Folders.deleteTree(work);
        }
    }

    private static long preload(String brokers, long records, SensorMix mix) throws Exception {
        Properties p = config(brokers, ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "524288",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long bytes = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = mix.record(i, records);
                bytes += value.length;
                producer.send(new ProducerRecord<>(TOPIC, value));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "preloaded %d records of %d log types (%d MB) into %d partitions in %.1f s%n",
                records, mix.logTypes(),
                bytes / (1024 * 1024), PARTITIONS, (System.nanoTime() - start) / 1e9);
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

    /**
     * The host's speed, taken just before the pipeline starts and just after it stops: one thread's
     * SHA-256 throughput over 8 MB, best of five. The same run costs up to half as much CPU again
     * in the host's slow phases; this figure is a hint at the phase, not proof (it missed some).
     */
    private static double hostSha256MbPerSecond() throws NoSuchAlgorithmException {
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        double best = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            sha.update(data);
            sha.digest();
            best = Math.max(best, data.length / 1e6 / ((System.nanoTime() - start) / 1e9));
        }
        return best;
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

    private static long[] parquetFilesAndBytes(Path output) throws Exception {
        try (Stream<Path> files = Files.walk(output)) {
            List<Path> parquet = files.filter(f -> f.toString().endsWith(".parquet")).toList();
            long bytes = 0;
            for (Path f : parquet) {
                bytes += Files.size(f);
            }
            return new long[] {parquet.size(), bytes};
        }
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                       .getProcessCpuTime() / 1e9;
    }
}
