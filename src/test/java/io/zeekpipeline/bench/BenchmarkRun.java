package io.zeekpipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.FreePorts;
import io.zeekpipeline.testkit.ManagementServer;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineProcess;
import io.zeekpipeline.testkit.RunningPipeline;

import static io.zeekpipeline.bench.RunFigures.BROKER_CPU_S;
import static io.zeekpipeline.bench.RunFigures.CPU_S_PER_MILLION;
import static io.zeekpipeline.bench.RunFigures.EXIT_AFTER_COMMIT_MS;
import static io.zeekpipeline.bench.RunFigures.FIRST_TO_COMMITTED_EPS;
import static io.zeekpipeline.bench.RunFigures.FIRST_TO_COMMITTED_S;
import static io.zeekpipeline.bench.RunFigures.GC_MS;
import static io.zeekpipeline.bench.RunFigures.HEAP_PEAK_MB;
import static io.zeekpipeline.bench.RunFigures.HOST_AFTER;
import static io.zeekpipeline.bench.RunFigures.HOST_BEFORE;
import static io.zeekpipeline.bench.RunFigures.JVM_CREATED_MS;
import static io.zeekpipeline.bench.RunFigures.JVM_INITIALISED_MS;
import static io.zeekpipeline.bench.RunFigures.OUTPUT_RECORDS;
import static io.zeekpipeline.bench.RunFigures.PARQUET_BYTES_PER_EVENT;
import static io.zeekpipeline.bench.RunFigures.PARQUET_FILES;
import static io.zeekpipeline.bench.RunFigures.PARQUET_ROWS;
import static io.zeekpipeline.bench.RunFigures.PEAK_RSS_MB;
import static io.zeekpipeline.bench.RunFigures.PIPELINE_CPU_S;
import static io.zeekpipeline.bench.RunFigures.START_TO_COMMITTED_EPS;
import static io.zeekpipeline.bench.RunFigures.START_TO_COMMITTED_S;
import static io.zeekpipeline.bench.RunFigures.START_TO_FIRST_MS;
import static io.zeekpipeline.bench.RunFigures.START_TO_READY_MS;
import static io.zeekpipeline.bench.RunFigures.STEADY_EPS;

/**
 * One run of the packaged pipeline against the preloaded input topic, with a consumer group, output topic and
 * Parquet folder of its own (so it reads every record from the start): timed from just before the process starts
 * until the broker holds a committed offset for every record, after a SIGTERM sent once the output topic holds
 * every record; fails when an output lacks a record. Not thread-safe.
 */
final class BenchmarkRun {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** How long the output topic may stay short of the records without a new one before the run fails. */
    private static final Duration STALL = Duration.ofSeconds(60);
    private static final long MIB = 1024 * 1024;
    /** /proc times are in clock ticks, USER_HZ, 100 a second in Linux's ABI. */
    private static final double TICKS_PER_SECOND = 100;

    private final EmbeddedKafka kafka;
    private final String topic;
    private final long records;
    private final List<String> jvmArgs;
    private final String consumers;

    BenchmarkRun(EmbeddedKafka kafka, String topic, long records, List<String> jvmArgs, String consumers) {
        this.kafka = kafka;
        this.topic = topic;
        this.records = records;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.consumers = consumers;
    }

    /**
     * Runs the pipeline in {@code work}; copies its log and console to {@code logs} as
     * {@code benchmark-pipeline-<run>.log} and {@code benchmark-console-<run>.txt}.
     */
    RunFigures run(int run, Path work, Path logs) throws Exception {
        String group = topic + "-run" + run;
        String outputTopic = topic + "-out-run" + run;
        Path output = work.resolve("parquet");
        int port = FreePorts.find();
        Map<String, String> env = Map.of(
                PipelineProcess.MANAGEMENT_PORT_VARIABLE, String.valueOf(port),
                "PIPELINE_INPUT_BROKERS", kafka.bootstrapServers(),
                "PIPELINE_INPUT_TOPIC", topic,
                "PIPELINE_INPUT_GROUP_ID", group,
                "PIPELINE_INPUT_CONSUMERS", consumers,
                "PIPELINE_PARQUET_BASE_PATH", output.toString(),
                "PIPELINE_OUTPUT_TOPIC", outputTopic);
        RunFigures figures = new RunFigures();
        figures.put(HOST_BEFORE, hostSha256MbPerSecond(), 0);
        double pipelineCpuBefore = exitedChildrenCpuSeconds();
        // this process is the broker (and the polls below) while the pipeline runs: its CPU is the broker's
        double brokerCpuBefore = processCpuSeconds();
        long start = System.currentTimeMillis();
        try (PipelineProcess pipeline = PipelineProcess.start(work, jvmArgs, List.of(), env)) {
            ReadyProbe ready = new ReadyProbe(new ManagementServer(port));
            try {
                OutputWatch watch = new OutputWatch(pipeline, outputTopic, start);
                watch.awaitEveryRecord(run, logs);
                pipeline.signalStop();
                // the end is the commit of the last offset, not the exit of the JVM that follows it
                RunningPipeline.await(() -> kafka.committedSum(group, topic) == records, Duration.ofMinutes(2),
                        Duration.ofMillis(10), "every offset committed");
                long done = System.currentTimeMillis();
                double brokerCpu = processCpuSeconds() - brokerCpuBefore;
                watch.readPeakRss();
                if (!pipeline.awaitExit(120)) {
                    throw new IllegalStateException("run " + run + ": the pipeline did not stop after SIGTERM");
                }
                long exited = System.currentTimeMillis();
                long readyAt = ready.stop();
                double pipelineCpu = exitedChildrenCpuSeconds() - pipelineCpuBefore;
                figures.put(HOST_AFTER, hostSha256MbPerSecond(), 0);
                long outputRecords = kafka.endOffsetSum(outputTopic);
                long parquetRows = ParquetOutput.totalRows(output);
                // a run that lost (or doubled) records measured something else: no rate for it
                if (outputRecords != records || parquetRows != records) {
                    throw new IllegalStateException("run " + run + ": " + records + " records in, but " + outputRecords
                                                    + " on the output topic and " + parquetRows
                                                    + " Parquet rows; see " + logs);
                }
                long firstRecordAt = pipeline.lastHealth("first_record_at");
                double firstAt = firstRecordAt > 0 ? firstRecordAt : Double.NaN;
                long[] parquet = parquetFilesAndBytes(output);
                figures.put(START_TO_COMMITTED_S, (done - start) / 1000.0, 2)
                        .put(START_TO_COMMITTED_EPS, records * 1000.0 / (done - start), 0)
                        .put(FIRST_TO_COMMITTED_S, (done - firstAt) / 1000.0, 2)
                        .put(FIRST_TO_COMMITTED_EPS, records * 1000.0 / (done - firstAt), 0)
                        .put(STEADY_EPS, (records - watch.thirdCount) * 1000.0 / (done - watch.thirdAt), 0)
                        .put(START_TO_FIRST_MS, firstAt - start, 0)
                        .put(START_TO_READY_MS, readyAt > 0 ? readyAt - start : Double.NaN, 0)
                        .put(JVM_CREATED_MS, since(watch.jvm.get(PerfDataCounters.CREATE_VM_BEGIN), start), 0)
                        .put(JVM_INITIALISED_MS, since(watch.jvm.get(PerfDataCounters.VM_INIT_DONE), start), 0)
                        .put(PIPELINE_CPU_S, pipelineCpu, 1)
                        .put(CPU_S_PER_MILLION, pipelineCpu * 1e6 / records, 1)
                        .put(BROKER_CPU_S, brokerCpu, 1)
                        .put(PEAK_RSS_MB, watch.peakRss / (double) MIB, 0)
                        .put(HEAP_PEAK_MB, pipeline.lastHealth("heap_peak"), 0)
                        .put(GC_MS, pipeline.lastHealth("gc_ms"), 0)
                        .put(PARQUET_FILES, parquet[0], 0)
                        .put(PARQUET_BYTES_PER_EVENT, (double) parquet[1] / records, 1)
                        .put(PARQUET_ROWS, parquetRows, 0)
                        .put(OUTPUT_RECORDS, outputRecords, 0)
                        .put(EXIT_AFTER_COMMIT_MS, exited - done, 0);
                String log = pipeline.logText();
                figures.timeline(LoggedTimeline.parse(log.isEmpty() ? pipeline.consoleText() : log));
            } finally {
                ready.stop();
                Files.writeString(logs.resolve("benchmark-pipeline-" + run + ".log"), pipeline.logText());
                Files.copy(work.resolve("console.txt"), logs.resolve("benchmark-console-" + run + ".txt"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (kafka.hasTopic(outputTopic)) {
                // each run writes the whole input again: keep the broker's disk use at one run's
                kafka.deleteTopic(outputTopic);
            }
        }
        return figures;
    }

    /**
     * Polls the output topic's records every ~50 ms until it holds them all, noting on the way when it held a
     * third, the pipeline JVM's start counters and its peak RSS. Not thread-safe.
     */
    private final class OutputWatch {

        private final PipelineProcess pipeline;
        private final String outputTopic;
        private final long start;
        private Map<String, Long> jvm = Map.of();
        private long peakRss;
        private long thirdAt = -1;
        private long thirdCount;

        OutputWatch(PipelineProcess pipeline, String outputTopic, long start) {
            this.pipeline = pipeline;
            this.outputTopic = outputTopic;
            this.start = start;
        }

        /** Returns once the output topic holds every record; fails when the pipeline exits or the records stall. */
        void awaitEveryRecord(int run, Path logs) throws IOException, InterruptedException {
            long last = 0;
            long lastGrew = start;
            while (true) {
                long count = kafka.hasTopic(outputTopic) ? kafka.endOffsetSum(outputTopic) : 0;
                long now = System.currentTimeMillis();
                if (count != last) {
                    last = count;
                    lastGrew = now;
                }
                if (thirdAt < 0 && count >= records / 3) {
                    thirdAt = now;
                    thirdCount = count;
                }
                if (jvm.size() < 2) {
                    jvm = PerfDataCounters.read(pipeline.pid(),
                            Set.of(PerfDataCounters.CREATE_VM_BEGIN, PerfDataCounters.VM_INIT_DONE));
                }
                readPeakRss();
                if (count >= records) {
                    return;
                }
                String state = "run " + run + ": " + count + " of " + records + " records on the output topic";
                if (pipeline.awaitExit(0)) {
                    throw new IllegalStateException(state + ", and the pipeline exited (code " + pipeline.exitCode()
                                                    + "):\n" + tail(pipeline.consoleText()));
                }
                if (count > 0 && now - lastGrew > STALL.toMillis()) {
                    // records missing from the output, e.g. dead-lettered, would never come
                    throw new IllegalStateException(state + " for " + STALL + "; the pipeline consumed "
                                                    + pipeline.lastHealth("consumed") + ", dead-lettered "
                                                    + pipeline.lastHealth("dead_letters") + "; see " + logs);
                }
                if (now > start + TIMEOUT.toMillis()) {
                    throw new IllegalStateException(state + " after " + TIMEOUT);
                }
                Thread.sleep(50);
            }
        }

        /** VmHWM, kept as read before once the process has gone. */
        void readPeakRss() throws IOException {
            try {
                peakRss = Math.max(peakRss, pipeline.peakRssBytes());
            } catch (NoSuchFileException exited) {
                // the figure keeps the value read while it ran
            }
        }
    }

    /**
     * Polls the readiness endpoint every 10 ms in a thread of its own from the start of the process until it answers
     * 200, so the output polls keep their pace. Thread-safe.
     */
    private static final class ReadyProbe {

        private final AtomicLong readyAt = new AtomicLong(-1);
        private final Thread thread;

        ReadyProbe(ManagementServer server) {
            thread = new Thread(() -> {
                try {
                    while (server.status(ManagementServer.READY) != 200) {
                        Thread.sleep(10);
                    }
                    readyAt.set(System.currentTimeMillis());
                } catch (InterruptedException | IllegalStateException stopped) {
                    // the run ended before the pipeline answered ready: the figure stays unmeasured (n/a)
                }
            }, "ready-probe");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops polling; the epoch ms of the first 200, -1 when there was none. */
        long stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            return readyAt.get();
        }
    }

    /** Milliseconds from the start to an epoch ms, NaN when that is not known. */
    private static double since(Long epochMillis, long start) {
        return epochMillis == null ? Double.NaN : epochMillis - start;
    }

    /**
     * CPU time of this process's children that exited and were waited for (cutime + cstime of /proc/self/stat):
     * the pipeline's whole life, start-up, drain and exit included, as the kernel counted it.
     */
    private static double exitedChildrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // the fields after the command name in parentheses begin with the third, the state; cutime is the 16th
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }

    /** CPU time of this process (the benchmark and its in-process broker) so far. */
    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                       .getProcessCpuTime() / 1e9;
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

    private static long[] parquetFilesAndBytes(Path output) throws IOException {
        long files = 0;
        long bytes = 0;
        for (Path f : ParquetOutput.files(output)) {
            if (ParquetOutput.isPublished(f)) {
                files++;
                bytes += Files.size(f);
            }
        }
        return new long[] {files, bytes};
    }

    /** The last lines of a console, for a failure message. */
    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
