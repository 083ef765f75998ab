package io.zeekpipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipes of routes/README.md (their YAML taken from it), made to a copy of routes/ and run by the real
 * application over real samples: a choose-by-log-type branch for weird (normalize at its end) and one for ssh
 * added wrongly (no normalize); a per-event filter dropping udp conn events in the main path; a second output (an
 * archive of JSON lines files) and the dns-watch example as further legs of to-outputs; x509 routed to the archive
 * only. Parquet is read back with DuckDB, the topics and files are read, the metrics and committed offsets checked
 * against the samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PipelineTest(topics = {
    @PipelineTest.Topic(name = "zeek-raw", partitions = 2),
    @PipelineTest.Topic(name = RouteEditsIT.WATCH)})
class RouteEditsIT {

    static final String WATCH = "dns-watch-test";
    private static final String INPUT = "zeek-raw";
    private static final String OUTPUT = "zeek-normalized";
    private static final String DLQ = "zeek-dlq";
    private static final String GROUP = "route-edits";
    private static final String WATCHED = "github.com, GSTATIC.com.";
    private static final int WEIRD_RECORDS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Path README = Path.of("routes/README.md");
    /** A branch added wrongly: no normalize at its end. */
    private static final String SSH_BRANCH_WITHOUT_NORMALIZE = """
                    - simple: "${header.zeekLogType} == 'ssh'"
                      steps:
                        - log:
                            message: "ssh group of ${body.events.size()} events"
""";
    /** The legs the README's second-output recipe and dns-watch section add to to-outputs. */
    private static final String EXTRA_LEGS = """
                    - to: {id: to-archive, uri: direct:archive}
                    - to: {id: to-dns-watch, uri: direct:dns-watch}
""";

    @TempDir
    static Path work;

    private EmbeddedKafka kafka;
    private Connection duck;
    private Path output;
    private long dropped;
    private long inputRecords;
    private List<JsonNode> conn;
    private List<JsonNode> dns;
    private List<JsonNode> weird;
    private List<String> ssh;
    private List<String> x509;

    @BeforeAll
    void runEditedRoutesOverSamples(EmbeddedKafka kafka, Connection duck) throws Exception {
        this.kafka = kafka;
        this.duck = duck;
        output = work.resolve("output");
        conn = records(ZeekSamples.lines("json/conn.log"));
        dns = records(ZeekSamples.lines("json/dns.simir2025.log"));
        List<String> weirdLines = ZeekSamples.lines("json/weird.log.gz").subList(0, WEIRD_RECORDS);
        weird = records(weirdLines);
        ssh = ZeekSamples.lines("json/ssh.log");
        x509 = ZeekSamples.lines("json/x509.log");
        List<byte[]> messages = new ArrayList<>();
        messages.addAll(ZeekSamples.tagged("conn", ZeekSamples.lines("json/conn.log")));
        messages.addAll(ZeekSamples.tagged("dns", ZeekSamples.lines("json/dns.simir2025.log")));
        // json-streaming-logs records naming their log type in _path
        weirdLines.forEach(line -> messages.add(line.getBytes(StandardCharsets.UTF_8)));
        ssh.forEach(line -> messages.add(line.getBytes(StandardCharsets.UTF_8)));
        x509.forEach(line -> messages.add(line.getBytes(StandardCharsets.UTF_8)));
        inputRecords = messages.size();
        kafka.produce(INPUT, messages);

        Map<String, String> props = PipelineSettings.reading(kafka, GROUP, output);
        props.put("pipeline.flush.interval-seconds", "1");
        props.put("pipeline.config-dir", "config");
        props.put("pipeline.examples.dns-watch.domains", WATCHED);
        props.put("pipeline.examples.dns-watch.topic", WATCH);
        props.put("camel.main.routes-include-pattern", "file:" + editedRoutes() + "/*.camel.yaml");
        try (RunningPipeline pipeline = RunningPipeline.start(props)) {
            RunningPipeline.await(() -> kafka.committedSum(GROUP, INPUT) == inputRecords, Duration.ofSeconds(90),
                    "all " + inputRecords + " input offsets committed");
            dropped = pipeline.metrics().droppedByRouteCount();
        }
    }

    @Test
    void theBranchAddedAsTheRecipeShowsWritesTheRecordsWithTheirTimes() throws Exception {
        assertEquals(WEIRD_RECORDS, ParquetOutput.rows(output, "weird"));
        Set<String> hours = weird.stream().map(r -> hourFolder(Instant.parse(r.get("ts").asText())))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("weird/year=2018/month=03/day=24/hour=17"), hours, "the sample's hours");
        assertEquals(hours, hourFoldersOf("weird"));
        Instant first = weird.stream().map(r -> Instant.parse(r.get("ts").asText())).min(Instant::compareTo)
                .orElseThrow();
        Instant last = weird.stream().map(r -> Instant.parse(r.get("ts").asText())).max(Instant::compareTo)
                .orElseThrow();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT epoch_us(min(event_time)), epoch_us(max(event_time)) "
                     + "FROM read_parquet('" + output.resolve("weird") + "/**/*.parquet', hive_partitioning=false)")) {
            assertTrue(rs.next());
            assertEquals(micros(first), rs.getLong(1), "earliest event_time");
            assertEquals(micros(last), rs.getLong(2), "latest event_time");
        }
    }

    @Test
    void theBranchWithoutNormalizeDeadLettersEveryRecordWithTheReason() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> letters = kafka.consumeAll(DLQ);
        assertEquals(ssh.size(), letters.size(), "dead letters");
        Set<String> originals = new TreeSet<>(ssh);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertTrue(originals.contains(new String(letter.value(), StandardCharsets.UTF_8)), "an ssh record");
            assertEquals("event reached enrich without the normalize step: every branch of choose-by-log-type "
                    + "must end in normalize",
                    new String(letter.headers().lastHeader(ZeekHeaders.DLQ_ERROR).value(), StandardCharsets.UTF_8));
        }
        assertEquals(0, ParquetOutput.rows(output, "ssh"));
        assertEquals(0, outputRecordsOf("ssh"));
    }

    @Test
    void thePerEventFilterDropsExactlyTheUdpConnEventsAndReleasesThem() throws Exception {
        long udp = conn.stream().filter(r -> "udp".equals(r.get("proto").asText())).count();
        assertEquals(134, udp, "udp records of the sample");
        long kept = conn.size() - udp;
        assertEquals(kept, ParquetOutput.rows(output, "conn"));
        assertEquals(0, ParquetOutput.scalar(output, "conn", "count(*) FILTER (WHERE protocol = 'udp')"));
        assertEquals(kept, outputRecordsOf("conn"));
        assertEquals(kept, archived("conn"), "the second output took the kept events only");
        assertEquals(udp + x509.size(), dropped, "records dropped by a route: udp conn, and x509 sent elsewhere");
        // the commit waited for none of them: every input offset is committed
        assertEquals(inputRecords, kafka.committedSum(GROUP, INPUT));
    }

    @Test
    void theDnsWatchExampleSendsTheWatchedQueriesOnlyAndTheOutputsStayComplete() throws Exception {
        List<String> expected = new ArrayList<>();
        for (JsonNode record : dns) {
            String query = record.path("query").asText("");
            if (query.equals("github.com") || query.endsWith(".github.com") || query.endsWith(".gstatic.com")) {
                expected.add(record.get("uid").asText() + " " + query);
            }
        }
        assertEquals(22, expected.size(), "watched queries of the sample");
        List<String> watched = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(WATCH)) {
            JsonNode event = JSON.readTree(record.value());
            assertEquals("dns", event.get("log_type").asText());
            assertEquals(event.get("event_id").asText(),
                    new String(record.headers().lastHeader(ZeekHeaders.EVENT_ID).value(), StandardCharsets.UTF_8));
            watched.add(event.get("normalized").get("flow_id").asText() + " " + event.get("raw").get("query").asText());
        }
        expected.sort(null);
        watched.sort(null);
        assertEquals(expected, watched);
        assertEquals(dns.size(), ParquetOutput.rows(output, "dns"));
        assertEquals(dns.size(), outputRecordsOf("dns"));
    }

    @Test
    void theSecondOutputGetsEveryEventTheOutputsGetAndTheLogTypeRoutedElsewhereOnlyGoesThere() throws Exception {
        assertEquals(dns.size(), archived("dns"));
        assertEquals(WEIRD_RECORDS, archived("weird"));
        assertEquals(x509.size(), archived("x509"));
        assertEquals(0, ParquetOutput.rows(output, "x509"));
        assertEquals(0, outputRecordsOf("x509"));
        assertEquals(Set.of("conn.jsonl", "dns.jsonl", "weird.jsonl", "x509.jsonl"), archiveFiles());
    }

    /** A copy of routes/ with the edits, the archive route added and the dns-watch example copied in. */
    private static Path editedRoutes() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.copy(Path.of("routes/examples/dns-watch.camel.yaml"), routes.resolve("dns-watch.camel.yaml"));
        Path ingest = routes.resolve("zeek-ingest.camel.yaml");
        String yaml = Files.readString(ingest);
        yaml = insertBefore(yaml, "                    - simple: \"${header.zeekKnownLogType}\"\n",
                recipe("**A branch for one log type**") + SSH_BRANCH_WITHOUT_NORMALIZE);
        yaml = insertBefore(yaml, "              - multicast:\n",
                recipe("**Add a filter (per event)**") + recipe("**Route one log type elsewhere**"));
        yaml = insertBefore(yaml, "        - split:\n            id: split-rejects\n", EXTRA_LEGS);
        Files.writeString(ingest, yaml);
        Files.writeString(routes.resolve("archive.camel.yaml"), recipe("**Add a second output**")
                .replace("file:/data/archive", "file:" + work.resolve("archive")));
        return routes;
    }

    /** The YAML block of a recipe in routes/README.md: the first one after its title. */
    private static String recipe(String title) throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("```yaml\n", readme.indexOf(title)) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static String insertBefore(String yaml, String anchor, String insert) {
        assertEquals(1, yaml.split(Pattern.quote(anchor), -1).length - 1, "one " + anchor);
        return yaml.replace(anchor, insert + anchor);
    }

    /** Lines of the archive's file of a log type: one JSON event each. */
    private static long archived(String logType) throws Exception {
        List<String> lines = Files.readAllLines(work.resolve("archive").resolve(logType + ".jsonl"));
        for (String line : lines) {
            assertEquals(logType, JSON.readTree(line).get("log_type").asText());
        }
        return lines.size();
    }

    private static Set<String> archiveFiles() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("archive"))) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private long outputRecordsOf(String logType) throws Exception {
        long count = 0;
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(OUTPUT)) {
            if (logType.equals(JSON.readTree(record.value()).get("log_type").asText())) {
                count++;
            }
        }
        return count;
    }

    private Set<String> hourFoldersOf(String logType) throws Exception {
        return ParquetOutput.files(output.resolve(logType)).stream().filter(ParquetOutput::isPublished)
                .map(file -> output.relativize(file.getParent()).toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String hourFolder(Instant ts) {
        return String.format("weird/year=%tY/month=%<tm/day=%<td/hour=%<tH",
                ZonedDateTime.ofInstant(ts, ZoneOffset.UTC));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static List<JsonNode> records(List<String> lines) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            records.add(JSON.readTree(line));
        }
        return records;
    }
}
