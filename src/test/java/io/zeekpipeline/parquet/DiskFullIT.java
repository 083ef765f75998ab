package io.zeekpipeline.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.FullDiskFileSystem;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineTest.Topic;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk under the Parquet output fills up: Hadoop's local file system then fails writes with
 * FSError, an Error, not an Exception. Through the real application on a file system whose disk
 * can fill ({@link FullDiskFileSystem}): writes are retried, nothing is published or left behind,
 * consumption pauses, and once there is space again every record lands exactly once. A stop while
 * the disk is full ends within the drain timeout and commits nothing that was not written.
 */
// the tests share the class's broker, so each reads an input topic of its own, named as its group
@PipelineTest(topics = {@Topic(name = "disk-full", partitions = 2), @Topic(name = "stop-on-full-disk", partitions = 2)})
class DiskFullIT {

    private static final int RECORDS = 6000;
    /** Less than one Parquet file of 500 conn records: no write can finish. */
    private static final long FREE_BYTES = 4096;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path work;

    @AfterEach
    void freeSpace() {
        FullDiskFileSystem.freeSpace();
    }

    @Test
    void retriesWritesWhileTheDiskIsFullAndWritesEveryRecordOnceWhenSpaceReturns(EmbeddedKafka kafka) throws Exception {
        Path output = work.resolve("out");
        try (RunningPipeline pipeline = RunningPipeline.start(settings(kafka, "disk-full", output))) {
            PipelineMetrics metrics = pipeline.metrics();
            FullDiskFileSystem.fill(FREE_BYTES);
            kafka.produce("disk-full", ZeekSamples.uniqueConnRecords(RECORDS));

            RunningPipeline.await(() -> metrics.errorCount() >= 3, Duration.ofSeconds(60),
                    "failed writes retried and counted");
            RunningPipeline.await(() -> temporaryFiles(output).isEmpty(), Duration.ofSeconds(10),
                    "the temporary files of failed writes removed");
            long consumed = metrics.consumedCount();
            Thread.sleep(3000);
            assertEquals(consumed, metrics.consumedCount(), "consumption paused at the in-flight limit");
            assertTrue(consumed < RECORDS, "paused before the end, consumed " + consumed);
            assertTrue(metrics.inFlightBytes() > 0, "the failed batches are kept, in flight");
            assertEquals(0, ParquetOutput.files(output).stream().filter(ParquetOutput::isPublished).count(),
                    "no Parquet file published on a full disk");
            assertEquals(0, kafka.committedSum("disk-full", "disk-full"), "nothing durable, nothing committed");

            FullDiskFileSystem.freeSpace();
            RunningPipeline.await(() -> kafka.committedSum("disk-full", "disk-full") == RECORDS,
                    Duration.ofSeconds(120), "every offset committed once there is space");
            assertEquals(0, metrics.inFlightBytes(), "every kept batch written");
        }
        assertEquals(RECORDS, ParquetOutput.rows(output, "conn"), "no record lost or doubled");
        assertEquals(RECORDS, ParquetOutput.scalar(output, "conn", "count(DISTINCT flow_id)"));
        assertEquals(List.of(), temporaryFiles(output));
    }

    @Test
    void aStopOnAFullDiskEndsWithinTheDrainTimeoutAndARestartWritesEveryRecordOnce(EmbeddedKafka kafka)
            throws Exception {
        Path output = work.resolve("out");
        Map<String, String> settings = settings(kafka, "stop-on-full-disk", output);
        settings.put("pipeline.shutdown.drain-timeout-seconds", String.valueOf(DRAIN_TIMEOUT.toSeconds()));
        RunningPipeline pipeline = RunningPipeline.start(settings);
        PipelineMetrics metrics = pipeline.metrics();
        FullDiskFileSystem.fill(FREE_BYTES);
        kafka.produce("stop-on-full-disk", ZeekSamples.uniqueConnRecords(RECORDS));
        RunningPipeline.await(() -> metrics.errorCount() >= 3, Duration.ofSeconds(60), "writes being retried");

        long stopping = System.nanoTime();
        pipeline.close();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);

        assertTrue(stop.compareTo(DRAIN_TIMEOUT.plusSeconds(5)) < 0, "the stop took " + stop);
        assertEquals(0, kafka.committedSum("stop-on-full-disk", "stop-on-full-disk"), "no record is durable");
        assertEquals(List.of(), temporaryFiles(output));

        FullDiskFileSystem.freeSpace();
        try (RunningPipeline restarted = RunningPipeline.start(settings)) {
            RunningPipeline.await(() -> kafka.committedSum("stop-on-full-disk", "stop-on-full-disk") == RECORDS,
                    Duration.ofSeconds(120), "every offset committed after the restart");
        }
        assertEquals(RECORDS, ParquetOutput.rows(output, "conn"), "no record lost or doubled");
        assertEquals(RECORDS, ParquetOutput.scalar(output, "conn", "count(DISTINCT flow_id)"));
    }

    private static Map<String, String> settings(EmbeddedKafka kafka, String group, Path output) {
        Map<String, String> settings = FullDiskFileSystem.pipelineSettings();
        settings.put("pipeline.input.brokers", kafka.bootstrapServers());
        settings.put("pipeline.input.topic", group);
        settings.put("pipeline.input.group-id", group);
        settings.put("pipeline.input.poll-timeout-ms", "200");
        settings.put("pipeline.input.max-poll-records", "100");
        // about two failed batches of 500 records pause the consumers
        settings.put("pipeline.input.max-in-flight-mb", "0.3");
        settings.put("pipeline.parquet.base-path", FullDiskFileSystem.uriOf(output));
        settings.put("pipeline.flush.event-count", "500");
        settings.put("pipeline.flush.interval-seconds", "1");
        return settings;
    }

    private static List<Path> temporaryFiles(Path output) {
        try {
            return Files.isDirectory(output) ? ParquetOutput.files(output).stream()
                    .filter(file -> file.getFileName().toString().endsWith(".tmp")).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
