package io.zeekpipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.cli.ReplayCommand;
import io.zeekpipeline.cli.VerifyCommand;
import io.zeekpipeline.cli.ZeekLogFiles;
import io.zeekpipeline.rules.NormalizationRules;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineTest.Topic;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample (the bundled ones, or -Dzeek.samples=PATH), JSON and TSV, replayed into Kafka with the
 * replay command and run through the application; the Parquet is checked against the source logs by the verify command,
 * counted per log type, typed as expected in DuckDB, and the JSON and TSV copies of one capture give the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// a topic per run: the JSON and TSV copies of one capture, and the other samples
@PipelineTest(topics = {@Topic(name = "json", partitions = 2), @Topic(name = "tsv", partitions = 2),
        @Topic(name = "other", partitions = 2)})
class SampleLogsRoundTripIT {

    /** Log types whose untagged json/ and tsv/ files hold the same records (one Zeek 6.2 run, see SOURCES.md). */
    private static final List<String> SAME_CAPTURE = List.of("analyzer", "capture_loss", "dce_rpc", "dns", "dpd",
            "ftp", "kerberos", "known_certs", "known_hosts", "known_services", "ldap_search", "loaded_scripts",
            "modbus", "notice", "ntlm", "ntp", "ocsp", "packet_filter", "pe", "rdp", "rfb", "smb_files", "smb_mapping",
            "smtp", "snmp", "software", "ssh", "ssl", "stats", "syslog", "weird", "x509");

    @TempDir
    static Path work;

    private EmbeddedKafka kafka;
    private Connection duck;
    private final Map<String, Path> outputs = new HashMap<>();
    private final Map<String, List<Path>> sources = new HashMap<>();
    private final Map<String, Map<String, Long>> expectedCounts = new HashMap<>();

    @BeforeAll
    void replayAndRunEverySample(EmbeddedKafka kafka, Connection duck) throws Exception {
        this.kafka = kafka;
        this.duck = duck;
        for (Path file : ZeekLogFiles.expand(List.of(ZeekSamples.root()))) {
            String run = !isSameCapture(file) ? "other" : file.getParent().endsWith("json") ? "json" : "tsv";
            sources.computeIfAbsent(run, r -> new ArrayList<>()).add(file);
        }
        for (String run : List.of("json", "tsv", "other")) {
            run(run, sources.get(run));
        }
    }

    /** An untagged file ({@code <type>.log[.gz]}) of a type whose JSON and TSV copies hold the same records. */
    private static boolean isSameCapture(Path file) {
        String name = file.getFileName().toString();
        return SAME_CAPTURE.contains(ZeekLogFiles.logTypeOfName(file)) && name.matches("[a-z0-9_]+\\.log(\\.gz)?");
    }

    /** Replays the files into the run's topic and runs the pipeline over it into its own folder. */
    private void run(String name, List<Path> files) throws Exception {
        List<String> args = new ArrayList<>(List.of("--brokers", kafka.bootstrapServers(), "--topic", name));
        files.forEach(f -> args.add(f.toString()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        assertEquals(0, ReplayCommand.run(args, new PrintStream(console, true, StandardCharsets.UTF_8)),
                console::toString);
        long produced = kafka.endOffsetSum(name);
        expectedCounts.put(name, countRecords(files));
        assertEquals(expectedCounts.get(name).values().stream().mapToLong(Long::longValue).sum(), produced);

        Path output = work.resolve(name);
        outputs.put(name, output);
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of(
                "pipeline.input.brokers", kafka.bootstrapServers(),
                "pipeline.input.topic", name,
                "pipeline.input.group-id", "round-trip-" + name,
                "pipeline.input.poll-timeout-ms", "200",
                "pipeline.output.topic", name + "-out",
                "pipeline.parquet.base-path", output.toString(),
                "pipeline.flush.interval-seconds", "1"))) {
            RunningPipeline.await(() -> kafka.committedSum("round-trip-" + name, name) == produced,
                    Duration.ofMinutes(3), "every offset of " + name + " committed");
            assertEquals(0, pipeline.metrics().deadLetteredCount(), "no sample record is rejected");
        }
    }

    private static Map<String, Long> countRecords(List<Path> files) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        ZeekLogFiles reader = new ZeekLogFiles(new ObjectMapper());
        for (Path file : files) {
            reader.read(file, (type, record, line) -> counts.merge(type, 1L, Long::sum), problem -> {
                throw new AssertionError(problem);
            });
        }
        return counts;
    }

    @Test
    void writesEverySampleRecordOnceUnderItsLogType() throws Exception {
        for (String run : outputs.keySet()) {
            Map<String, Long> actual = new TreeMap<>();
            for (String type : expectedCounts.get(run).keySet()) {
                actual.put(type, scalar("SELECT count(*) FROM read_parquet('" + glob(run, type) + "')"));
            }
            assertEquals(expectedCounts.get(run), actual, "rows per log type of the " + run + " samples");
        }
    }

    @Test
    void parquetMatchesTheSourceLogsFieldByField() {
        for (String run : outputs.keySet()) {
            List<String> args = new ArrayList<>(List.of("--output", outputs.get(run).toString()));
            sources.get(run).forEach(f -> args.add(f.toString()));
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            int exit = VerifyCommand.run(args, new PrintStream(report, true, StandardCharsets.UTF_8));
            assertEquals(0, exit, () -> run + " samples:\n" + report.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void jsonAndTsvCopiesOfOneCaptureGiveTheSameRows() throws Exception {
        NormalizationRules rules = NormalizationRules.load(Files.newInputStream(Path.of("config/normalization.json")),
                "normalization.json", new ObjectMapper());
        List<String> pairs = SAME_CAPTURE.stream().filter(type -> hasSource("json", type) && hasSource("tsv", type))
                .toList();
        // the bundled samples hold 15 such pairs, the shared corpus all 32
        assertTrue(pairs.size() >= 15, "JSON and TSV copies of one capture, for " + pairs);
        for (String type : pairs) {
            List<String> columns = comparableColumns(type, !rules.ruleFor(type).promotesTo("event_time"));
            // the folders' hive columns come from the event hour, which is the arrival hour for some logs
            String json = "SELECT " + String.join(", ", columns) + " FROM read_parquet('" + glob("json", type)
                          + "', hive_partitioning = false)";
            String tsv = "SELECT " + String.join(", ", columns) + " FROM read_parquet('" + glob("tsv", type)
                         + "', hive_partitioning = false)";
            long onlyJson = scalar("SELECT count(*) FROM (" + json + " EXCEPT ALL " + tsv + ")");
            long onlyTsv = scalar("SELECT count(*) FROM (" + tsv + " EXCEPT ALL " + json + ")");
            assertEquals(0, onlyJson + onlyTsv, type + ": rows only in the JSON copy " + onlyJson + ", only in TSV "
                                                + onlyTsv + "; compared " + columns);
        }
    }

    private boolean hasSource(String run, String type) {
        return sources.getOrDefault(run, List.of()).stream().anyMatch(f -> ZeekLogFiles.logTypeOfName(f).equals(type));
    }

    /** Columns both copies share; doubles rounded to the microsecond TSV keeps; arrival-time columns left out. */
    private List<String> comparableColumns(String type, boolean timeFromArrival) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + glob("tsv", type)
                                            + "', hive_partitioning = false)")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String sqlType = rs.getString(2);
                if (name.equals("ingest_time") || name.equals("extra_fields")
                    || (timeFromArrival && name.startsWith("event_") && !name.equals("event_type")
                        && !name.equals("event_class"))) {
                    continue;
                }
                String quoted = "\"" + name + "\"";
                columns.add(sqlType.equals("DOUBLE") ? "round(" + quoted + ", 6)"
                        : sqlType.equals("DOUBLE[]") ? "list_transform(" + quoted + ", x -> round(x, 6))"
                        // TSV writes a set holding one empty string as (empty), like an empty set
                        : sqlType.equals("VARCHAR[]")
                                ? "list_sort(CASE WHEN " + quoted + " = [''] THEN [] ELSE " + quoted + " END)"
                        : sqlType.endsWith("[]") ? "list_sort(" + quoted + ")" : quoted);
            }
        }
        return columns;
    }

    @Test
    void columnsHaveTheirZeekTypesInDuckDb() throws Exception {
        Map<String, String> expected = Map.of(
                "conn.orig_bytes", "BIGINT",
                "conn.event_time", "TIMESTAMP WITH TIME ZONE",
                "dns.answers", "VARCHAR[]",
                "dns.TTLs", "DOUBLE[]",
                "dns.AA", "BOOLEAN",
                "dns.dst_port", "INTEGER",
                "x509.certificate_not_valid_after", "TIMESTAMP WITH TIME ZONE",
                "ssl.established", "BOOLEAN",
                "smtp.trans_depth", "BIGINT",
                "smtp.path", "VARCHAR[]");
        for (Map.Entry<String, String> column : expected.entrySet()) {
            String[] parts = column.getKey().split("\\.");
            String run = Files.isDirectory(outputs.get("tsv").resolve(parts[0])) ? "tsv" : "other";
            try (Statement st = duck.createStatement();
                 ResultSet rs = st.executeQuery("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
                                                + glob(run, parts[0]) + "')) WHERE column_name = '" + parts[1] + "'")) {
                assertTrue(rs.next(), column.getKey() + " exists");
                assertEquals(column.getValue(), rs.getString(1), column.getKey());
            }
        }
    }

    private long scalar(String sql) throws Exception {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String glob(String run, String type) {
        return outputs.get(run).resolve(type) + "/**/*.parquet";
    }
}
