package io.zeekpipeline.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.parquet.rows.RowBuffer;
import io.zeekpipeline.testkit.S3Server;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.zeekpipeline.normalize.ZeekFixtures.TOPIC;
import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Parquet writer on an object store (S3A against a real S3 API server): files go straight to their final
 * names, a failed write leaves nothing under its name, a file of the same records is not written again, and the
 * temporary-file clean-up does not walk the bucket.
 */
class S3PublishIT {

    private static S3Server s3;
    private static Configuration conf;
    private final LogTypeLayouts layouts = new LogTypeLayouts(rules(), schemas(), false, Set.of(), 100);

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Server.withNewBucket();
        conf = HadoopFiles.configuration(s3.hadoopSettings());
    }


    private ParquetBatchWriter writerTo(String prefix, OffsetTracker tracker) {
        return new ParquetBatchWriter(layouts, s3.uri(prefix), "events", "snappy", conf, new Delivery(tracker),
                new PipelineMetrics());
    }

    /** A batch of {@code rows} conn records at offsets 0.. of partition 0. */
    private ParquetBatch connBatch(int rows) {
        ParquetBatch batch = null;
        for (int offset = 0; offset < rows; offset++) {
            ZeekEvent event = enriched("{'conn': {'ts': " + (1521911720.865716 + offset) + ", 'uid': 'C" + offset
                                       + "', 'id.orig_h': '10.0.0.1', 'orig_bytes': " + (100 + offset) + "}}", offset);
            if (batch == null) {
                batch = new ParquetBatch("conn", event.eventTimeMicros(), TOPIC, 0);
            }
            RowBuffer row = new RowBuffer();
            layouts.forLogType("conn").encode(event, row);
            batch.add(row, offset, 1_000 + offset, 100);
        }
        return batch;
    }

    /** Every object under the prefix, as the S3A file system lists them. */
    private static List<String> objectsUnder(String prefix) throws IOException {
        FileSystem fs = s3.fileSystem(conf);
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(s3.uri(prefix));
        if (!fs.exists(base)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (FileStatus file : HadoopFiles.filesBelow(fs, base)) {
            names.add(file.getPath().toString().substring(s3.uri(prefix).length() + 1));
        }
        return names;
    }

    /** The files the server stores under the prefix (its filesystem backend). */
    private static List<String> storedUnder(String prefix) throws IOException {
        Path folder = s3.folderOf(prefix);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(file -> folder.relativize(file).toString()).toList();
        }
    }

    @Test
    void writesStraightToTheFinalNameWithoutTemporaryObjects() throws IOException {
        OffsetTracker tracker = new OffsetTracker(true, false);
        org.apache.hadoop.fs.Path written = writerTo("straight", tracker).write(connBatch(3));

        String name = "conn/year=2018/month=03/day=24/hour=17/events_conn_zeek-raw+0+0+2+1000+1002.parquet";
        assertEquals(s3.uri("straight") + "/" + name, written.toString());
        assertEquals(List.of(name), objectsUnder("straight"));
        assertEquals(List.of(name), storedUnder("straight"), "no other object was ever completed");
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(written, conf))) {
            assertEquals(3, reader.getRecordCount());
            assertEquals(TOPIC + "-0:0-2", reader.getFooter().getFileMetaData().getKeyValueMetaData()
                    .get(ParquetBatchWriter.SOURCE_OFFSETS_KEY));
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoObjectUnderItsName() throws IOException {
        ParquetBatch batch = connBatch(2);
        // a row the batch counts but does not hold: the writer fails after the file has begun
        batch.add(new RowBuffer(), 2, 1_002, 100);
        ParquetBatchWriter writer = writerTo("failed", new OffsetTracker(true, false));

        assertThrows(IllegalStateException.class, () -> writer.write(batch));

        assertEquals(List.of(), objectsUnder("failed"));
        assertEquals(List.of(), storedUnder("failed"));
    }

    @Test
    void neverWritesAFileOfTheSameRecordsAgain() throws Exception {
        ParquetBatchWriter writer = writerTo("again", new OffsetTracker(true, false));
        org.apache.hadoop.fs.Path first = writer.write(connBatch(3));
        FileSystem fs = s3.fileSystem(conf);
        long modified = fs.getFileStatus(first).getModificationTime();
        // the store's times are in seconds: a second upload would show a later one
        Thread.sleep(1_100);

        assertEquals(first, writer.write(connBatch(3)));

        assertEquals(1, objectsUnder("again").size());
        assertEquals(modified, fs.getFileStatus(first).getModificationTime(), "not uploaded again");
    }

    @Test
    void takesCredentialsFromTheAwsSdksDefaultChainWhenNamed() throws Exception {
        // the setting docs/storage.md gives for IRSA and EKS Pod Identity; the chain's first source, Java system
        // properties, stands in for a pod's web identity token here
        S3Server other = S3Server.withNewBucket();
        Configuration chain = HadoopFiles.configuration(other.endpointSettings());
        chain.set("fs.s3a.aws.credentials.provider",
                "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
        try {
            ParquetBatchWriter writer = new ParquetBatchWriter(layouts, other.uri("chain"), "events", "snappy", chain,
                    new Delivery(new OffsetTracker(true, false)), new PipelineMetrics());

            org.apache.hadoop.fs.Path written = writer.write(connBatch(3));

            assertTrue(other.fileSystem(chain).exists(written));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void theTemporaryFileCleanUpLeavesTheBucketUnwalked() throws Exception {
        FileSystem fs = s3.fileSystem(conf);
        // what a walk would remove on a file system with renames: an old hidden temporary file
        org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(s3.uri("cleanup")
                + "/conn/year=2018/month=03/day=24/hour=17/.events_conn_x.parquet.tmp");
        fs.create(hidden, false).close();
        Thread.sleep(1_100);

        new StaleTempFileCleaner(s3.uri("cleanup"), 1, conf).process(null);

        assertTrue(fs.exists(hidden), "left alone: no temporary files are written to an object store");
    }
}
