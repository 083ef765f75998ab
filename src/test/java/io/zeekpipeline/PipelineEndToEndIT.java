package io.zeekpipeline;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.EmbeddedKafka;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real samples in every envelope shape → embedded Kafka → the application → Parquet read back with
 * DuckDB, the output topic and the dead-letter topic consumed, counts and values checked against the input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw", partitions = 3))
class PipelineEndToEndIT {

    private static final String INPUT = "zeek-raw";
    private static final String OUTPUT = "zeek-normalized";
    private static final String DLQ = "zeek-dlq";
    private static final String GROUP = "e2e-pipeline";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path output;

    private EmbeddedKafka kafka;
    /** Input records per log type, as the test built them (inner record only). */
    private final Map<String, List<ObjectNode>> sent = new HashMap<>();
    private Connection duck;

    @BeforeAll
    void runPipelineOverSamples(EmbeddedKafka kafka, Connection duck) throws Exception {
        this.kafka = kafka;
        this.duck = duck;
        List<byte[]> messages = new ArrayList<>();
        // zeek-kafka tagged envelope, epoch-second times (Zeek 7.2 capture), with every kind of bad
        // message in between: a poison message must not hold up the valid ones around it
        List<String> conn = ZeekSamples.lines("json/conn.log");
        for (int i = 0; i < conn.size(); i++) {
            // one sensor writes its tag in capitals: log types are lower-cased, so it joins conn
            messages.add(tagged(i == 3 ? "CONN" : "conn", conn.get(i), ""));
            expect("conn", conn.get(i));
            if (i % 25 == 12 && i / 25 < BAD.size()) {
                messages.add(BAD.get(i / 25).bytes());
            }
        }
        // tagged with additional_message_values after the record
        for (String line : ZeekSamples.lines("json/dns.simir2025.log")) {
            messages.add(tagged("dns", line, ",\"sensor\": \"s1\""));
            expect("dns", line);
        }
        // json-streaming-logs flat records with _path and ISO-8601 times
        for (String file : List.of("json/ssh.log", "json/smb_mapping.log", "json/x509.log")) {
            for (String line : ZeekSamples.lines(file)) {
                ObjectNode record = (ObjectNode) JSON.readTree(line);
                messages.add(line.getBytes(StandardCharsets.UTF_8));
                String type = record.remove("_path").asText();
                sent.computeIfAbsent(type, t -> new ArrayList<>()).add(record);
            }
        }
        // flat records with log_type and epoch-millisecond times
        for (String line : ZeekSamples.lines("json/ssl.simir2025.log")) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            long millis = Math.round(record.get("ts").asDouble() * 1000);
            ObjectNode flat = record.deepCopy();
            flat.put("ts", millis);
            flat.put("log_type", "ssl");
            messages.add(JSON.writeValueAsBytes(flat));
            sent.computeIfAbsent("ssl", t -> new ArrayList<>()).add(record);
        }
        // a log type no rule knows: still written, under the default rule
        for (String line : ZeekSamples.lines("json/quic.log")) {
            messages.add(tagged("vendor_quic", line, ""));
        }
        kafka.produce(INPUT, messages);

        Map<String, String> props = PipelineSettings.reading(kafka, GROUP, output);
        props.put("pipeline.input.poll-timeout-ms", "200");
        props.put("pipeline.flush.event-count", "250");
        props.put("pipeline.flush.interval-seconds", "1");
        props.put("pipeline.config-dir", "config");
        props.put("pipeline.input.max-message-bytes", String.valueOf(MAX_MESSAGE_BYTES));
        try (RunningPipeline pipeline = RunningPipeline.start(props)) {
            RunningPipeline.await(() -> kafka.committedSum(GROUP, INPUT) == messages.size(), Duration.ofSeconds(90),
                    "all " + messages.size() + " input offsets committed");
        }
    }

    @Test
    void writesEveryValidRecordToParquetOncePerLogType() throws Exception {
        for (Map.Entry<String, List<ObjectNode>> type : sent.entrySet()) {
            assertEquals(type.getValue().size(), count(type.getKey()), "rows of " + type.getKey());
        }
        assertEquals(ZeekSamples.lines("json/quic.log").size(), count("vendor_quic"));
    }

    @Test
    void keepsConnValuesTypedAndPromotedOnce() throws Exception {
        ObjectNode first = sent.get("conn").get(0);
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + glob("conn")
                                            + "') WHERE flow_id = '" + first.get("uid").asText() + "'")) {
            assertTrue(rs.next(), "conn row for " + first.get("uid"));
            assertEquals(first.get("id.orig_h").asText(), rs.getString("src_ip"));
            assertEquals(first.get("id.resp_h").asText(), rs.getString("dst_ip"));
            assertEquals(first.get("id.orig_p").asInt(), rs.getInt("src_port"));
            assertEquals(first.get("id.resp_p").asInt(), rs.getInt("dst_port"));
            assertEquals(first.get("proto").asText(), rs.getString("protocol"));
            assertEquals(first.get("orig_bytes").asLong(), rs.getLong("orig_bytes"));
            assertEquals(first.get("history").asText(), rs.getString("history"));
            assertEquals(first.get("local_orig").asBoolean(), rs.getBoolean("local_orig"));
            assertEquals(first.get("duration").asDouble(), rs.getDouble("duration"), 1e-12);
            long micros = Math.round(first.get("ts").asDouble() * 1_000_000d);
            Timestamp ts = rs.getTimestamp("event_time");
            assertEquals(micros / 1000, ts.getTime(), "event_time to the millisecond");
            assertEquals("internal", rs.getString("direction"));
            assertEquals("network_connection", rs.getString("event_type"));
            assertNull(rs.getString("extra_fields"), "every conn field has a column");
            List<String> columns = columns("conn");
            assertFalse(columns.contains("uid"), "uid is promoted to flow_id, not kept twice");
            assertFalse(columns.contains("id_orig_h"), "id.orig_h is promoted to src_ip, not kept twice");
        }
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT typeof(orig_bytes), typeof(event_time), typeof(dst_port) "
                                            + "FROM read_parquet('" + glob("conn") + "') LIMIT 1")) {
            assertTrue(rs.next());
            assertEquals("BIGINT", rs.getString(1));
            assertTrue(rs.getString(2).startsWith("TIMESTAMP"), rs.getString(2));
            assertEquals("INTEGER", rs.getString(3));
        }
    }

    @Test
    void partitionsByEventHourInUtcAndPublishesOnlyCompleteFiles() throws Exception {
        ObjectNode first = sent.get("ssh").get(0);
        // 2018-03-24T17:16:39Z
        assertEquals("2018-03-24T17:16:39.739898Z", first.get("ts").asText());
        try (Stream<Path> files = Files.walk(output)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().anyMatch(p -> p.toString().contains(
                    "ssh/year=2018/month=03/day=24/hour=17/events_ssh_")), "ssh partition folder");
            assertTrue(all.stream().allMatch(p -> p.getFileName().toString().endsWith(".parquet")),
                    "no temporary or checksum files: " + all);
        }
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob("ssh")
                                            + "', hive_partitioning = true) WHERE hour = 17 AND event_hour = 17")) {
            assertTrue(rs.next());
            assertEquals(sent.get("ssh").size(), rs.getLong(1));
        }
    }

    @Test
    void keepsZeekValuesThatClashWithDerivedColumns() throws Exception {
        // ssh has its own 'direction' in some Zeek versions; smb_mapping its own 'service'
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT service, zeek_service, path FROM read_parquet('"
                                            + glob("smb_mapping") + "') WHERE zeek_service IS NOT NULL LIMIT 1")) {
            assertTrue(rs.next(), "smb_mapping rows carry Zeek's service as zeek_service");
            assertEquals("smb", rs.getString("service"));
        }
        ObjectNode withService = sent.get("smb_mapping").stream().filter(r -> r.has("service")).findFirst()
                .orElseThrow();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT zeek_service FROM read_parquet('" + glob("smb_mapping")
                                            + "') WHERE flow_id = '" + withService.get("uid").asText()
                                            + "' AND path = '" + withService.get("path").asText().replace("'", "''")
                                            + "'")) {
            assertTrue(rs.next());
            assertEquals(withService.get("service").asText(), rs.getString(1));
        }
    }

    @Test
    void storesSetsAsListsAndKeepsEnvelopeExtras() throws Exception {
        ObjectNode withAnswers = sent.get("dns").stream().filter(r -> r.path("answers").size() > 1).findFirst()
                .orElseThrow();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT answers, \"TTLs\", extra_fields FROM read_parquet('" + glob("dns")
                                            + "') WHERE flow_id = '" + withAnswers.get("uid").asText()
                                            + "' AND trans_id = "
                                            + withAnswers.get("trans_id").asLong())) {
            assertTrue(rs.next());
            Array answers = rs.getArray(1);
            Object[] values = (Object[]) answers.getArray();
            assertEquals(withAnswers.get("answers").size(), values.length);
            assertEquals(withAnswers.get("answers").get(0).asText(), values[0]);
            assertEquals("{\"sensor\":\"s1\"}", rs.getString(3), "envelope extras are kept");
        }
    }

    @Test
    void publishesThreeLayerJsonForEveryValidRecord() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll(OUTPUT);
        int valid = sent.values().stream().mapToInt(List::size).sum() + ZeekSamples.lines("json/quic.log").size();
        assertEquals(valid, records.size());
        ObjectNode first = sent.get("conn").get(0);
        JsonNode match = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode json = JSON.readTree(record.value());
            if ("conn".equals(json.path("log_type").asText())
                && first.get("uid").asText().equals(json.path("normalized").path("flow_id").asText())) {
                match = json;
                assertNotNull(record.headers().lastHeader(ZeekHeaders.EVENT_ID), "event id header");
                assertEquals(json.get("event_id").asText(),
                        new String(record.headers().lastHeader(ZeekHeaders.EVENT_ID).value(), StandardCharsets.UTF_8));
                // the input message had no key: the flow's uid keeps its records in one partition
                assertEquals(first.get("uid").asText(), new String(record.key(), StandardCharsets.UTF_8));
            }
        }
        assertNotNull(match, "output record for the first conn");
        assertEquals("zeek", match.get("source").asText());
        assertEquals("conn", match.get("log_type").asText());
        assertEquals(first.get("orig_bytes").asLong(), match.get("raw").get("orig_bytes").asLong());
        assertFalse(match.get("raw").has("uid"), "promoted fields appear once, in normalized");
        assertEquals((long) Math.floor(first.get("ts").asDouble() * 1000),
                match.get("normalized").get("event_time").asLong());
        assertEquals(new BigDecimal(first.get("ts").asText()).movePointRight(6).longValueExact(),
                match.get("normalized").get("event_time_us").asLong());
        assertEquals(first.get("id.orig_h").asText(), match.get("normalized").get("src_ip").asText());
        assertTrue(match.get("enriched").get("src_ip_is_private").asBoolean());
        assertEquals(2025, match.get("enriched").get("event_year").asInt());
    }

    @Test
    void sendsEveryBadMessageToTheDeadLetterTopicWithItsReason() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll(DLQ);
        assertEquals(BAD.size(), records.size());
        for (Bad bad : BAD) {
            ConsumerRecord<byte[], byte[]> record = records.stream().filter(r -> Arrays.equals(bad.bytes(), r.value()))
                    .findFirst().orElseThrow(() -> new AssertionError("not in the dead letters: " + bad.reason()));
            String reason = header(record, ZeekHeaders.DLQ_ERROR);
            assertTrue(reason.contains(bad.reason()), () -> "reason '" + reason + "' lacks '" + bad.reason() + "'");
            assertEquals(INPUT, header(record, ZeekHeaders.DLQ_SOURCE_TOPIC));
            assertNotNull(record.headers().lastHeader(ZeekHeaders.DLQ_SOURCE_OFFSET));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** A message the pipeline must reject, and a part of the reason it must give. */
    private record Bad(byte[] bytes, String reason) {
        static Bad of(String text, String reason) {
            return new Bad(text.getBytes(StandardCharsets.UTF_8), reason);
        }
    }

    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final List<Bad> BAD = List.of(
            Bad.of("{not json", "malformed JSON"),
            Bad.of("{\"ts\": 1.0, \"uid\": \"x\"}", "no log type"),
            Bad.of("[1,2,3]", "not an object"),
            Bad.of("{\"conn\": {\"ts\": \"yesterday\", \"uid\": \"Cbad\"}}", "neither epoch seconds nor ISO-8601"),
            Bad.of("{\"conn\": {\"ts\": 1.5, \"uid\": \"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"}}",
                    "exceeds the limit"),
            new Bad(new byte[] {'{', '"', 'c', 'o', 'n', 'n', '"', ':', '{', '"', 'u', 'i', 'd', '"', ':', '"',
                                (byte) 0xff, (byte) 0xfe, '"', '}', '}'}, "invalid UTF-8"),
            // accepted before, and each would have changed or moved a record silently
            Bad.of("{\"conn\": {\"ts\": 1767225600.5, \"uid\": \"D01\", \"uid\": \"D01b\"}}", "duplicate key 'uid'"),
            Bad.of("{\"_path\": \"conn\", \"ts\": 1767225600.5, \"uid\": \"D02\", \"ts\": 0}", "duplicate key 'ts'"),
            Bad.of("{\"conn\": {\"ts\": 1767225600.5, \"uid\": \"D03\"}, \"sensor\": \"s1\", \"sensor\": \"s2\"}",
                    "duplicate key 'sensor'"),
            Bad.of("{\"conn\": {\"ts\": \"0x1p30\", \"uid\": \"T01\"}}", "field 'ts': time value '0x1p30'"),
            Bad.of("{\"conn\": {\"ts\": \"1767225600d\", \"uid\": \"T02\"}}", "field 'ts': time value '1767225600d'"),
            Bad.of("{\"conn\": {\"ts\": \"NaN\", \"uid\": \"T03\"}}", "field 'ts': time value 'NaN'"),
            Bad.of("{\"conn\": {\"ts\": \"+1767225600\", \"uid\": \"T04\"}}", "field 'ts': time value '+1767225600'"),
            Bad.of("#separator \\x09\n#path\tconn\n#fields\tts\tuid\n#types\ttime\tstring\n0x1p30\tT05\n",
                    "field ts is not a time: '0x1p30'"),
            Bad.of("{\"_default\": {\"ts\": 1767225600.5, \"uid\": \"N01\"}}",
                    "log type '_default' breaks the name rule: it must start with a letter or digit"),
            Bad.of("{\"_path\": \".hidden\", \"ts\": 1767225600.5, \"uid\": \"N02\"}",
                    "log type '.hidden' breaks the name rule: it must start with a letter or digit"),
            Bad.of("{\"CON\": {\"ts\": 1767225600.5, \"uid\": \"N03\"}}",
                    "log type 'CON' breaks the name rule: it is a reserved device name"),
            Bad.of("{\"log_type\": \"conn/../x\", \"ts\": 1767225600.5, \"uid\": \"N04\"}",
                    "log type 'conn/../x' breaks the name rule: only ASCII letters, digits, '_' and '-'"),
            Bad.of("{\"conn\": {\"ts\": 1767225600.5, \"uid\": \"S01\", \"history\": \"a\\ud800b\"}}",
                    "unpaired surrogate escape \\ud800"));

    /** The zeek-kafka plugin's bytes: a space after the colon, optional extra string members after the record. */
    private static byte[] tagged(String type, String line, String extras) {
        return ("{\"" + type + "\": " + line + extras + "}").getBytes(StandardCharsets.UTF_8);
    }

    private void expect(String type, String line) throws Exception {
        sent.computeIfAbsent(type, t -> new ArrayList<>()).add((ObjectNode) JSON.readTree(line));
    }

    private long count(String logType) throws Exception {
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob(logType) + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> columns(String logType) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + glob(logType) + "')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String glob(String logType) {
        return output.resolve(logType).toString() + "/**/*.parquet";
    }
}
