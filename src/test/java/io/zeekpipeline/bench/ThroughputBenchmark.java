package io.zeekpipeline.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.Folders;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;
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
 * first consumed record until, after a SIGTERM once everything is consumed, every offset is committed. Prints the figures and appends them as one JSON line to a results file.
 * Usage: {@code ThroughputBenchmark [records] [results.jsonl] [xmx] [consumers]}.
 */
public final class ThroughputBenchmark {

    private static final String TOPIC = "zeek-bench";
    private static final String OUTPUT_TOPIC = TOPIC + "-out";
    private static final int PARTITIONS = 4;
    /** The JVM flags the Dockerfile and k8s/ ship with, besides the heap size. */
    static final List<String> SHIPPED_JVM_FLAGS =
            List.of("-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:FreqInlineSize=100", "-XX:InlineSmallCode=500",
                    "-XX:Tier3InvocationThreshold=1000", "-XX:Tier3MinInvocationThreshold=500",
                    "-XX:Tier3CompileThreshold=5000");

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path results = Path.of(args.length > 1 ? args[1] : "target/benchmark.jsonl");
        String xmx = args.length > 2 ? args[2] : "512m";
        String consumers = args.length > 3 ? args[3] : "2";
        boolean allLogTypes = args.length > 4 && args[4].equals("all");
        Path work = Files.createTempDirectory("zeek-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, PARTITIONS);
            SensorMix mix = new SensorMix(42, allLogTypes);
            long inputBytes = preload(kafka.bootstrapServers(), records, mix);
            double bareRate = bareConsumerRate(kafka.bootstrapServers(), records);
            System.out.printf(Locale.ROOT, "bare consumer: %.0f records/s%n", bareRate);

            Path output = work.resolve("output");
            List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + xmx));
            jvmArgs.addAll(SHIPPED_JVM_FLAGS);
            // e.g. -XX:StartFlightRecording=filename=/tmp/pipeline.jfr to profile the pipeline process
            String extra = System.getProperty("bench.jvmArgs", "");
            if (!extra.isBlank()) {
                jvmArgs.addAll(List.of(extra.trim().split("\\s+")));
            }
            // this process is the broker (and an idle wait) while the pipeline runs: its CPU is the broker's
            double brokerCpuAtStart = processCpuSeconds();
            try (PipelineProcess pipeline = PipelineProcess.start(work, jvmArgs,
                    List.of(), Map.of(
                            "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                            "PIPELINE_INPUT_TOPIC", TOPIC,
                            "PIPELINE_INPUT_GROUP_ID", "zeek-bench",
                            "PIPELINE_INPUT_CONSUMERS", consumers,
                            "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                            "PIPELINE_OUTPUT_TOPIC", OUTPUT_TOPIC))) {
                // every record consumed (seen on the output topic within 100 ms, or on a health line, 1 s resolution),
                // then SIGTERM: the drain writes the open batches and commits; the run ends when every offset is committed
                RunningPipeline.await(() -> pipeline.lastHealth("consumed") == records
                                            || kafka.hasTopic(OUTPUT_TOPIC) && kafka.endOffsetSum(OUTPUT_TOPIC) >= records,
                        Duration.ofMinutes(30), "every record consumed");
                long firstMillis = pipeline.lastHealth("first_record_at");
                long heapPeakMb = pipeline.lastHealth("heap_peak");
                long gcMillis = pipeline.lastHealth("gc_ms");
                long peakRss = pipeline.peakRssBytes();
                double cpuSeconds = pipeline.cpuSeconds();
                double brokerCpuSeconds = processCpuSeconds() - brokerCpuAtStart;
                if (!pipeline.terminate(120)) {
                    throw new IllegalStateException("the pipeline did not stop after SIGTERM");
                }
                long doneMillis = System.currentTimeMillis();
                if (kafka.committedSum("zeek-bench", TOPIC) != records) {
                    throw new IllegalStateException("not every offset was committed: "
                                                    + kafka.committedSum("zeek-bench", TOPIC));
                }
                double seconds = (doneMillis - firstMillis) / 1000.0;
                long[] parquet = parquetFilesAndBytes(output);
                long outputRecords = kafka.endOffsetSum(OUTPUT_TOPIC);
                String json = String.format(Locale.ROOT,
                        "{\"at\":\"%s\",\"records\":%d,\"log_types\":%d,\"input_bytes\":%d,\"xmx\":\"%s\",\"consumers\":%s,"
                        + "\"events_per_second\":%.0f,\"seconds\":%.2f,\"bare_consumer_per_second\":%.0f,"
                        + "\"peak_rss_mb\":%d,\"heap_peak_mb\":%d,\"gc_ms\":%d,\"parquet_files\":%d,"
                        + "\"parquet_bytes_per_event\":%.1f,\"output_records\":%d,\"pipeline_cpu_seconds\":%.1f,\"broker_cpu_seconds\":%.1f,\"cpus\":%d,"
                        + "\"jvm_args\":\"%s\"}",
                        Instant.now(), records, mix.logTypes(), inputBytes, xmx, consumers, records / seconds, seconds, bareRate,
                        peakRss / (1024 * 1024), heapPeakMb, gcMillis, parquet[0], (double) parquet[1] / records,
                        outputRecords, cpuSeconds, brokerCpuSeconds, Runtime.getRuntime().availableProcessors(),
                        String.join(" ", jvmArgs));
                System.out.printf(Locale.ROOT, "pipeline: %d records in %.2f s = %.0f events/s end to end; "
                                  + "peak RSS %d MB, heap peak %d MB, GC %d ms; "
                                  + "%d Parquet files, %.1f bytes/event; %d output records%n",
                        records, seconds, records / seconds, peakRss / (1024 * 1024), heapPeakMb, gcMillis,
                        parquet[0], (double) parquet[1] / records, outputRecords);
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
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
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
        System.out.printf(Locale.ROOT, "preloaded %d records of %d log types (%d MB) into %d partitions in %.1f s%n", records,
                mix.logTypes(),
                bytes / (1024 * 1024), PARTITIONS, (System.nanoTime() - start) / 1e9);
        return bytes;
    }

    /** Records per second of a plain KafkaConsumer reading the whole topic, first record to last. */
    private static double bareConsumerRate(String brokers, long records) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
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
