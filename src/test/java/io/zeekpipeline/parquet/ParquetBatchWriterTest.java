package io.zeekpipeline.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.zeekpipeline.config.InvalidConfigurationException;
import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.testkit.FullDiskFileSystem;
import org.apache.avro.generic.GenericRecord;
import org.apache.camel.Exchange;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zeekpipeline.normalize.ZeekFixtures.TOPIC;
import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetBatchWriterTest {

    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path base;

    private final OffsetTracker tracker = new OffsetTracker(true, false);
    private final List<ZeekEvent> batch = new ArrayList<>();

    /** Three conn records of one event-time hour at offsets 0..2, registered as consumed. */
    @BeforeEach
    void consumeABatch() {
        for (int offset = 0; offset < 3; offset++) {
            tracker.register(TOPIC, 0, offset);
            batch.add(enriched("{'conn': {'ts': " + (1521911720.865716 + offset) + ", 'uid': 'C" + offset + "',"
                               + " 'id.orig_h': '10.0.0.1', 'id.orig_p': 4000" + offset + ", 'id.resp_h': '8.8.8.8',"
                               + " 'orig_bytes': " + (100 + offset) + ", 'tunnel_parents': ['CA'], 'sensor': 's1'}}",
                    offset));
        }
    }

    /** Encodes and aggregates the events as the route does, then writes the batch. */
    private void writeBatch() throws IOException {
        writeBatch(base.toString(), HadoopFiles.configuration());
    }

    private void writeBatch(String basePath, Configuration hadoopConf) throws IOException {
        LogTypeLayouts layouts = new LogTypeLayouts(rules(), schemas(), false, Set.of("src_ip"), 100);
        PipelineMetrics metrics = new PipelineMetrics();
        ParquetRowEncoder encoder = new ParquetRowEncoder(layouts, new Delivery(tracker));
        ParquetBatchStrategy strategy = new ParquetBatchStrategy(new BufferBudget(0, 0), metrics);
        Exchange aggregated = EncodedBatches.aggregated(encoder, strategy, batch);
        new ParquetBatchWriter(layouts, basePath, "events", "snappy", hadoopConf, new Delivery(tracker), metrics)
                .process(aggregated);
    }

    private long commitPoint() {
        return tracker.commitPoints(List.of(PARTITION)).get(PARTITION).offset();
    }

    private List<Path> filesUnderBase() throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<GenericRecord> readBack(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration())).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> strings(Object avroList) {
        return ((List<?>) avroList).stream().map(value -> value == null ? null : String.valueOf(value)).toList();
    }

    @Test
    void publishesOneFileInTheEventHourPartitionAndNoTemporaryFiles() throws IOException {
        writeBatch();

        List<Path> files = filesUnderBase();
        assertEquals(1, files.size(), () -> "files: " + files);
        Path relative = base.relativize(files.get(0));
        assertEquals(Path.of("conn", "year=2018", "month=03", "day=24", "hour=17"), relative.getParent());
        // the fixtures' records have no Kafka timestamp: -1 for the first and last time
        assertEquals("events_conn_zeek-raw+0+0+2+-1+-1.parquet", relative.getFileName().toString());
    }

    @Test
    void neverRewritesAFileOfTheSameRecords() throws IOException {
        writeBatch();
        Path first = filesUnderBase().get(0);
        long written = Files.getLastModifiedTime(first).toMillis();
        Files.setLastModifiedTime(first, FileTime.fromMillis(written - 60_000));

        writeBatch();

        assertEquals(List.of(first), filesUnderBase());
        assertEquals(written - 60_000, Files.getLastModifiedTime(first).toMillis(), "not rewritten");
    }

    @Test
    void readsBackTheValuesOfTheBatch() throws IOException {
        writeBatch();

        List<GenericRecord> rows = readBack(filesUnderBase().get(0));
        assertEquals(batch.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            GenericRecord row = rows.get(i);
            ZeekEvent event = batch.get(i);
            assertEquals(event.eventTimeMicros(), row.get("event_time"));
            assertEquals(event.ingestTimeMicros(), row.get("ingest_time"));
            assertEquals("C" + i, String.valueOf(row.get("flow_id")));
            assertEquals("10.0.0.1", String.valueOf(row.get("src_ip")));
            assertEquals(40000 + i, row.get("src_port"));
            assertEquals(100L + i, row.get("orig_bytes"));
            assertEquals(List.of("CA"), strings(row.get("tunnel_parents")));
            assertEquals("{\"sensor\":\"s1\"}", String.valueOf(row.get("extra_fields")));
            assertEquals("outbound", String.valueOf(row.get("direction")));
            assertEquals(6, row.get("event_weekday"));
        }
    }

    @Test
    void keepsEmptyListsNullElementsAndNullColumnsApart() throws IOException {
        batch.clear();
        String[] parents = {"[]", "[null, 'CB']", "null"};
        for (int offset = 0; offset < parents.length; offset++) {
            batch.add(enriched("{'conn': {'ts': 1521911720.5, 'uid': 'C" + offset + "', 'tunnel_parents': "
                               + parents[offset] + "}}", offset));
        }

        writeBatch();

        List<GenericRecord> rows = readBack(filesUnderBase().get(0));
        assertEquals(List.of(), rows.get(0).get("tunnel_parents"));
        assertEquals(Arrays.asList(null, "CB"), strings(rows.get(1).get("tunnel_parents")));
        assertNull(rows.get(2).get("tunnel_parents"));
        assertNull(rows.get(2).get("orig_bytes"));
    }

    @Test
    void recordsTheSourceOffsetsInTheFileMetadata() throws IOException {
        writeBatch();
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(filesUnderBase().get(0).toUri()), new Configuration()))) {
            assertEquals(TOPIC + "-0:0-2",
                    reader.getFooter().getFileMetaData().getKeyValueMetaData()
                            .get(ParquetBatchWriter.SOURCE_OFFSETS_KEY));
        }
    }

    @Test
    void writesPlainColumnsAndTimesWithoutADictionary() throws IOException {
        writeBatch();
        Map<String, Boolean> dictionaries = new HashMap<>();
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(filesUnderBase().get(0).toUri()), new Configuration()))) {
            reader.getFooter().getBlocks().get(0).getColumns()
                    .forEach(column -> dictionaries.put(column.getPath().toDotString(), column.hasDictionaryPage()));
        }
        // both addresses repeat in every row: only the configured one is written plainly
        assertEquals(false, dictionaries.get("src_ip"), "a configured plain column");
        assertEquals(true, dictionaries.get("dst_ip"), "any other column");
        assertEquals(false, dictionaries.get("event_time"), "a time column");
    }

    @Test
    void acknowledgesTheBatchOffsetsOnceWritten() throws IOException {
        tracker.register(TOPIC, 0, 3);
        assertEquals(0, commitPoint());

        writeBatch();

        assertEquals(3, commitPoint());
        assertEquals(1, tracker.pending());
    }

    @Test
    void aFullDiskFailsTheWriteWithAnIOExceptionAndLeavesNoFileBehind() throws IOException {
        Configuration conf = HadoopFiles.configuration(FullDiskFileSystem.hadoopSettings());
        String onFullDisk = FullDiskFileSystem.uriOf(base);
        FullDiskFileSystem.fill(100);
        try {
            IOException failed = assertThrows(IOException.class, () -> writeBatch(onFullDisk, conf));

            assertInstanceOf(FSError.class, failed.getCause(), "Hadoop's report of a full disk, kept as the cause");
            assertEquals(List.of(), filesUnderBase(), "the temporary file of the failed attempt is removed");
            assertEquals(0, commitPoint(), "nothing acknowledged");
        } finally {
            FullDiskFileSystem.freeSpace();
        }

        writeBatch(onFullDisk, conf);

        assertEquals(1, filesUnderBase().size());
        assertEquals(3, commitPoint());
    }

    private ParquetBatchWriter writerTo(Path basePath, String compression) {
        LogTypeLayouts layouts = new LogTypeLayouts(rules(), schemas(), false, Set.of(), 100);
        return new ParquetBatchWriter(layouts, basePath.toString(), "events", compression, HadoopFiles.configuration(),
                new Delivery(tracker), new PipelineMetrics());
    }

    @Test
    void startupCheckCreatesTheBaseFolderAndLeavesNoFileBehind() throws IOException {
        Path output = base.resolve("not-yet").resolve("output");

        writerTo(output, "snappy").checkOutputLocation("conn");

        assertTrue(Files.isDirectory(output));
        assertEquals(List.of(), filesUnderBase());
    }

    @Test
    void startupCheckRefusesABasePathThatCannotHoldFiles() throws IOException {
        Path blocker = Files.writeString(base.resolve("a-file"), "not a folder");

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> writerTo(blocker.resolve("output"), "snappy").checkOutputLocation("conn"));

        assertTrue(refused.getMessage().contains("pipeline.parquet.base-path " + blocker.resolve("output")),
                refused.getMessage());
    }

    @Test
    void startupCheckRefusesACodecWhoseLibraryIsMissing() {
        // Parquet knows LZO by name, but its Hadoop codec is not on the class path
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> writerTo(base.resolve("output"), "lzo").checkOutputLocation("conn"));

        assertTrue(refused.getMessage().contains("cannot write Parquet files (LZO)"), refused.getMessage());
    }
}
