package io.zeekpipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.S3Server;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real samples → embedded Kafka → the application with an {@code s3a://bucket/prefix} base path on a real S3 API
 * server (s3proxy), its settings given as {@code pipeline.hadoop.fs.s3a.*} → the Parquet read back through
 * Hadoop's S3A file system and, from the server's storage folder, with DuckDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 3))
class S3EndToEndIT {

    private static final String INPUT = "zeek-raw";
    private static final String GROUP = "s3-e2e";
    private static final String PREFIX = "zeek/parquet";
    /** Samples sent in the zeek-kafka envelope, by log type. */
    private static final Map<String, String> TAGGED = Map.of("conn", "json/conn.log", "dns", "json/dns.simir2025.log");
    /** Samples sent as they are (json-streaming-logs: _path names the log type), by log type. */
    private static final Map<String, String> FLAT = Map.of("ssh", "json/ssh.log", "x509", "json/x509.log",
            "smb_mapping", "json/smb_mapping.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Server s3;
    private Configuration conf;
    private Connection duck;
    /** Input records per log type. */
    private final Map<String, Integer> sent = new TreeMap<>();
    private JsonNode firstConn;

    @BeforeAll
    void runPipelineToS3(EmbeddedKafka kafka, Connection duck) throws Exception {
        this.duck = duck;
        s3 = S3Server.withNewBucket();
        conf = HadoopFiles.configuration(s3.hadoopSettings());
        List<byte[]> messages = new ArrayList<>();
        for (Map.Entry<String, String> sample : TAGGED.entrySet()) {
            List<String> lines = ZeekSamples.lines(sample.getValue());
            messages.addAll(ZeekSamples.tagged(sample.getKey(), lines));
            sent.put(sample.getKey(), lines.size());
        }
        for (Map.Entry<String, String> sample : FLAT.entrySet()) {
            List<String> lines = ZeekSamples.lines(sample.getValue());
            lines.forEach(line -> messages.add(line.getBytes(StandardCharsets.UTF_8)));
            sent.put(sample.getKey(), lines.size());
        }
        firstConn = JSON.readTree(ZeekSamples.lines("json/conn.log").get(0));
        kafka.produce(INPUT, messages);

        Map<String, String> props = new HashMap<>(s3.pipelineSettings());
        props.put("pipeline.input.brokers", kafka.bootstrapServers());
        props.put("pipeline.input.group-id", GROUP);
        props.put("pipeline.input.poll-timeout-ms", "200");
        props.put("pipeline.parquet.base-path", s3.uri(PREFIX));
        props.put("pipeline.flush.event-count", "250");
        props.put("pipeline.flush.interval-seconds", "1");
        try (RunningPipeline pipeline = RunningPipeline.start(props)) {
            RunningPipeline.await(() -> kafka.committedSum(GROUP, INPUT) == messages.size(), Duration.ofSeconds(90),
                    "all " + messages.size() + " input offsets committed");
        }
    }


    @Test
    void writesEveryRecordOncePerLogType() throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        for (String logType : sent.keySet()) {
            rows.put(logType, ParquetOutput.rows(s3.folderOf(PREFIX), logType));
        }
        Map<String, Long> expected = new TreeMap<>();
        sent.forEach((logType, count) -> expected.put(logType, (long) count));
        assertEquals(expected, rows);
        long uids = ParquetOutput.scalar(s3.folderOf(PREFIX), "conn", "count(DISTINCT flow_id)");
        assertEquals((long) sent.get("conn"), uids, "each conn record once");
    }

    @Test
    void keepsTheValuesAsOnLocalDisk() throws Exception {
        String glob = s3.folderOf(PREFIX).resolve("conn") + "/**/*.parquet";
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT src_ip, dst_ip, src_port, dst_port, protocol, orig_bytes, history,"
                                            + " event_time FROM read_parquet('" + glob + "', hive_partitioning=false)"
                                            + " WHERE flow_id = '" + firstConn.get("uid").asText() + "'")) {
            assertTrue(rs.next(), "conn row for " + firstConn.get("uid"));
            assertEquals(firstConn.get("id.orig_h").asText(), rs.getString("src_ip"));
            assertEquals(firstConn.get("id.resp_h").asText(), rs.getString("dst_ip"));
            assertEquals(firstConn.get("id.orig_p").asInt(), rs.getInt("src_port"));
            assertEquals(firstConn.get("id.resp_p").asInt(), rs.getInt("dst_port"));
            assertEquals(firstConn.get("proto").asText(), rs.getString("protocol"));
            assertEquals(firstConn.get("orig_bytes").asLong(), rs.getLong("orig_bytes"));
            assertEquals(firstConn.get("history").asText(), rs.getString("history"));
            assertEquals(Math.round(firstConn.get("ts").asDouble() * 1_000_000d) / 1000,
                    rs.getTimestamp("event_time").getTime());
        }
    }

    @Test
    void readsBackThroughTheS3aFileSystem() throws Exception {
        FileSystem fs = s3.fileSystem(conf);
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(s3.uri(PREFIX));
        Map<String, Long> rows = new TreeMap<>();
        GenericRecord first = null;
        for (FileStatus file : HadoopFiles.filesBelow(fs, base)) {
            String logType = base.toUri().relativize(file.getPath().toUri()).getPath().split("/")[0];
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file.getPath(), conf))) {
                rows.merge(logType, reader.getRecordCount(), Long::sum);
            }
            if (first == null && logType.equals("conn")) {
                first = rowOf(file.getPath(), firstConn.get("uid").asText());
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        sent.forEach((logType, count) -> expected.put(logType, (long) count));
        assertEquals(expected, rows);
        assertNotNull(first, "the first conn record, read through S3A");
        assertEquals(firstConn.get("id.orig_h").asText(), String.valueOf(first.get("src_ip")));
        assertEquals(firstConn.get("orig_bytes").asLong(), first.get("orig_bytes"));
    }

    /** The row of the file whose flow_id is {@code uid}, null when none is. */
    private GenericRecord rowOf(org.apache.hadoop.fs.Path file, String uid) throws Exception {
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(file, conf)).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                if (uid.equals(String.valueOf(row.get("flow_id")))) {
                    return row;
                }
            }
        }
        return null;
    }

    @Test
    void leavesOnlyPublishedParquetObjects() throws Exception {
        FileSystem fs = s3.fileSystem(conf);
        TreeSet<String> listed = new TreeSet<>();
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(s3.uri(PREFIX));
        for (FileStatus file : HadoopFiles.filesBelow(fs, base)) {
            listed.add(base.toUri().relativize(file.getPath().toUri()).getPath());
        }
        TreeSet<String> stored = new TreeSet<>();
        // the whole bucket: the startup check's probe file is gone too
        Path bucket = s3.folderOf("");
        try (Stream<Path> files = Files.walk(bucket)) {
            files.filter(Files::isRegularFile).forEach(file -> stored.add(bucket.relativize(file).toString()));
        }
        assertTrue(listed.stream().allMatch(name -> ParquetOutput.isPublished(Path.of(name))), "listed: " + listed);
        TreeSet<String> expected = new TreeSet<>();
        listed.forEach(name -> expected.add(PREFIX + "/" + name));
        assertEquals(expected, stored, "every object the server holds is a published file");
    }
}
