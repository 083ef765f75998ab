package io.zeekpipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.MiniHdfs;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline with an {@code hdfs://} base path, against Hadoop's in-process HDFS (MiniDFSCluster): real samples
 * of several log types through the in-process broker and the real application, read back through Hadoop's
 * FileSystem with parquet-avro and with DuckDB from a local copy; then a restart with new records and the first
 * run's records read again (offsets rewound): the published files' names keep every record in Parquet once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 2))
class HdfsEndToEndIT {

    private static final String INPUT = "zeek-raw";
    private static final String GROUP = "hdfs-pipeline";
    private static final String BASE = "/zeek";
    /** {@code <log_type>/year=YYYY/month=MM/day=DD/hour=HH/events_<log_type>_<topic>+<partition>+<offsets>+<times>}. */
    private static final Pattern PUBLISHED = Pattern.compile("([a-z0-9_]+)/year=\\d{4}/month=\\d{2}/day=\\d{2}/"
            + "hour=\\d{2}/events_\\1_" + INPUT + "\\+\\d\\+\\d+\\+\\d+\\+\\d+\\+\\d+\\.parquet");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private MiniHdfs hdfs;
    private FileSystem files;
    private EmbeddedKafka kafka;
    /** Records sent per log type, over both runs. */
    private final Map<String, Long> sent = new TreeMap<>();
    private final List<String> connLines = new ArrayList<>();
    private int firstRunRecords;
    private int allRecords;
    private long alreadyPersistedInSecondRun;

    @BeforeAll
    void runTwiceOnHdfs(EmbeddedKafka kafka) throws Exception {
        this.kafka = kafka;
        hdfs = MiniHdfs.start(work.resolve("hdfs"));
        connLines.addAll(ZeekSamples.lines("json/conn.log"));

        List<byte[]> first = new ArrayList<>();
        tagged(first, "conn", connLines);
        tagged(first, "dns", ZeekSamples.lines("json/dns.simir2025.log"));
        flat(first, "json/ssh.log");
        flat(first, "json/x509.log");
        kafka.produce(INPUT, first);
        firstRunRecords = first.size();
        run(firstRunRecords);

        // a restart reading the first run's records again, followed by new ones: of a log type whose folders
        // hold files already (conn records with uids of their own) and of log types not seen yet
        List<byte[]> second = new ArrayList<>(ZeekSamples.uniqueConnRecords(200));
        sent.merge("conn", 200L, Long::sum);
        tagged(second, "ssl", ZeekSamples.lines("json/ssl.simir2025.log"));
        flat(second, "json/smb_mapping.log");
        kafka.rewind(GROUP, INPUT);
        kafka.produce(INPUT, second);
        allRecords = firstRunRecords + second.size();
        alreadyPersistedInSecondRun = run(allRecords);

        // Hadoop's shared client of this name node (the application's): the cluster's shutdown ends it
        files = FileSystem.get(URI.create(hdfs.uri()), new Configuration());
    }

    @AfterAll
    void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    /** Runs the application until every input offset up to {@code committed} is; returns the records it skipped. */
    private long run(int committed) throws Exception {
        Map<String, String> settings = Map.of(
                "pipeline.input.brokers", kafka.bootstrapServers(),
                "pipeline.input.group-id", GROUP,
                "pipeline.input.poll-timeout-ms", "200",
                "pipeline.parquet.base-path", hdfs.uri() + BASE,
                // one data node: a block needs no second copy
                "pipeline.hadoop.dfs.replication", "1",
                "pipeline.flush.event-count", "250",
                "pipeline.flush.interval-seconds", "1");
        try (RunningPipeline pipeline = RunningPipeline.start(settings)) {
            RunningPipeline.await(() -> kafka.committedSum(GROUP, INPUT) == committed, Duration.ofSeconds(60),
                    "input offsets committed up to " + committed);
            return pipeline.metrics().alreadyPersistedCount();
        }
    }

    @Test
    void writesEveryRecordOnceReadBackThroughHadoopFileSystem() throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        for (FileStatus file : published()) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                    HadoopInputFile.fromStatus(file, files.getConf())).build()) {
                for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                    rows.merge(relative(file).split("/")[0], 1L, Long::sum);
                }
            }
        }
        assertEquals(sent, rows, "rows per log type");
    }

    @Test
    void duckDbReadsTheSameRowsAndValuesFromALocalCopy(Connection duck) throws Exception {
        Path copy = work.resolve("copy");
        // DuckDB reads no hdfs:// path: the published files as a downstream job would fetch them
        for (FileStatus file : published()) {
            Path local = copy.resolve(relative(file));
            Files.createDirectories(local.getParent());
            try (InputStream in = files.open(file.getPath())) {
                Files.copy(in, local);
            }
        }
        for (Map.Entry<String, Long> type : sent.entrySet()) {
            assertEquals(type.getValue(), ParquetOutput.rows(copy, type.getKey()), "rows of " + type.getKey());
        }
        // the second run's conn records, C<i> made from the sample's line i
        JsonNode line = JSON.readTree(connLines.get(7));
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT src_ip, dst_port FROM read_parquet('" + copy
                                            + "/conn/**/*.parquet') WHERE flow_id = 'C7'")) {
            assertTrue(rs.next(), "conn row C7");
            assertEquals(line.get("id.orig_h").asText(), rs.getString(1));
            assertEquals(line.get("id.resp_p").asInt(), rs.getInt(2));
        }
    }

    @Test
    void partitionsByLogTypeAndEventHourAndLeavesNoTemporaryFile() throws Exception {
        List<String> all = HadoopFiles.filesBelow(files, new org.apache.hadoop.fs.Path(BASE)).stream()
                .map(this::relative).toList();
        assertEquals(List.of(), all.stream().filter(name -> !PUBLISHED.matcher(name).matches()).toList(),
                "files other than published Parquet files (temporary ones included)");
        // the ssh sample's records are of 2018-03-24 between 17:16 and 17:59 UTC
        assertTrue(all.stream().filter(name -> name.startsWith("ssh/"))
                        .allMatch(name -> name.startsWith("ssh/year=2018/month=03/day=24/hour=17/events_ssh_")),
                "ssh files in their event hour: " + all);
        assertEquals(sent.keySet(), new TreeSet<>(all.stream().map(name -> name.split("/")[0]).toList()),
                "a folder per log type");
    }

    @Test
    void commitsEveryOffsetAndSkipsTheRecordsReadAgain() {
        assertEquals(allRecords, kafka.endOffsetSum(INPUT));
        assertEquals(allRecords, kafka.committedSum(GROUP, INPUT));
        assertEquals(firstRunRecords, alreadyPersistedInSecondRun,
                "the restart found every record of the first run in a published file");
    }

    /** Every file below the base path, as the pipeline published it (the test above checks the names). */
    private List<FileStatus> published() throws IOException {
        return HadoopFiles.filesBelow(files, new org.apache.hadoop.fs.Path(BASE)).stream()
                .filter(file -> PUBLISHED.matcher(relative(file)).matches()).toList();
    }

    /** The file's path below the base path, e.g. {@code ssh/year=2018/.../events_ssh_...parquet}. */
    private String relative(FileStatus file) {
        String path = file.getPath().toUri().getPath();
        return path.substring(BASE.length() + 1);
    }

    private void tagged(List<byte[]> messages, String logType, List<String> lines) {
        messages.addAll(ZeekSamples.tagged(logType, lines));
        sent.merge(logType, (long) lines.size(), Long::sum);
    }

    /** json-streaming-logs records, each naming its log type in {@code _path}. */
    private void flat(List<byte[]> messages, String sample) throws IOException {
        for (String line : ZeekSamples.lines(sample)) {
            messages.add(line.getBytes(StandardCharsets.UTF_8));
            sent.merge(JSON.readTree(line).get("_path").asText(), 1L, Long::sum);
        }
    }
}
