package io.zeekpipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.BufferBudget;
import io.zeekpipeline.parquet.EncodedBatches;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.parquet.ParquetBatchStrategy;
import io.zeekpipeline.parquet.ParquetBatchWriter;
import io.zeekpipeline.parquet.ParquetRowEncoder;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zeekpipeline.normalize.ZeekFixtures.TOPIC;
import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static io.zeekpipeline.normalize.ZeekFixtures.json;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static io.zeekpipeline.normalize.ZeekFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {

    /** Three conn records (single-quoted JSON members): a set, an unset service, an unknown field. */
    private static final List<String> CONN = List.of(
            "'ts': 1521911720.865716, 'uid': 'C0', 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000, 'id.resp_h': '8.8.8.8',"
            + " 'id.resp_p': 53, 'proto': 'udp', 'service': 'dns', 'duration': 0.012345678, 'orig_bytes': 100,"
            + " 'local_orig': true, 'tunnel_parents': ['CA', 'CB'], 'sensor': 's1'",
            "'ts': 1521911721.5, 'uid': 'C1', 'id.orig_h': '10.0.0.2', 'id.orig_p': 40001, 'id.resp_h': '10.0.0.9',"
            + " 'id.resp_p': 443, 'proto': 'tcp', 'duration': 1.5, 'orig_bytes': 101, 'local_orig': true,"
            + " 'tunnel_parents': [], 'sensor': 's1'",
            "'ts': 1521911722.000001, 'uid': 'C2', 'id.orig_h': '192.0.2.7', 'id.orig_p': 40002,"
            + " 'id.resp_h': '10.0.0.1', 'id.resp_p': 22, 'proto': 'tcp', 'orig_bytes': 102, 'local_orig': false,"
            + " 'tunnel_parents': ['CC'], 'sensor': 's2'");

    /** The same records as Zeek's TSV writer puts them: 6 decimals, another set order, '-' for unset. */
    private static final List<String> CONN_TSV = List.of(
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tconn",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
            + "\tlocal_orig\ttunnel_parents\tsensor",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tbool\tset[string]\tstring",
            "1521911720.865716\tC0\t10.0.0.1\t40000\t8.8.8.8\t53\tudp\tdns\t0.012346\t100\tT\tCB,CA\ts1",
            "1521911721.500000\tC1\t10.0.0.2\t40001\t10.0.0.9\t443\ttcp\t-\t1.500000\t101\tT\t(empty)\ts1",
            "1521911722.000001\tC2\t192.0.2.7\t40002\t10.0.0.1\t22\ttcp\t-\t-\t102\tF\tCC\ts2",
            "#close\t2018-03-24-18-00-00");

    @TempDir
    Path temp;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** When the records reached Kafka: the event time of one without a time field, in the hour of the others. */
    private static final long ARRIVED_MILLIS = 1521911725000L;

    /** Writes the records' Parquet file under temp/output as the route does, and returns the base path. */
    private Path parquetOf(List<String> records) throws IOException {
        Path output = temp.resolve("output");
        LogTypeLayouts layouts = new LogTypeLayouts(rules(), schemas(), false, Set.of(), 100);
        PipelineMetrics metrics = new PipelineMetrics();
        OffsetTracker tracker = new OffsetTracker(true, false);
        Delivery delivery = new Delivery(tracker);
        ParquetRowEncoder encoder = new ParquetRowEncoder(layouts, delivery);
        ParquetBatchStrategy strategy = new ParquetBatchStrategy(new BufferBudget(0, 0), metrics);
        List<ZeekEvent> events = new ArrayList<>();
        for (int offset = 0; offset < records.size(); offset++) {
            tracker.register(TOPIC, 0, offset);
            byte[] value = utf8(json("{'_path': 'conn', " + records.get(offset) + "}"));
            events.add(enriched(new ConsumedRecord(TOPIC, 0, offset, ARRIVED_MILLIS, value)));
        }
        Exchange aggregated = EncodedBatches.aggregated(encoder, strategy, events);
        new ParquetBatchWriter(layouts, output.toString(), "events", "snappy", HadoopFiles.configuration(), delivery,
                metrics).process(aggregated);
        return output;
    }

    /** A JSON log of the records, one object per line without _path, named after its log type. */
    private Path jsonLog(List<String> records) throws IOException {
        Path file = Files.createDirectories(temp.resolve("json")).resolve("conn.log");
        return Files.write(file, records.stream().map(r -> json("{" + r + "}")).toList());
    }

    private int verify(String... args) {
        return VerifyCommand.run(List.of(args), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reportsAllEqualForTheSourceOfTheParquetOutput() throws IOException {
        Path output = parquetOf(CONN);

        int exit = verify("--output", output.toString(), jsonLog(CONN).toString());

        assertEquals(0, exit, this::printed);
        assertTrue(printed().contains("verify: 1 types, 3 records, all equal"), this::printed);
    }

    @Test
    void namesTheFieldWhoseValueDiffers() throws IOException {
        Path output = parquetOf(CONN);
        List<String> changed = new ArrayList<>(CONN);
        changed.set(1, changed.get(1).replace("'orig_bytes': 101", "'orig_bytes': 999"));

        int exit = verify("--output", output.toString(), jsonLog(changed).toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("orig_bytes: expected 999 vs actual 101"), this::printed);
        assertTrue(printed().contains("verify: 1 differences"), this::printed);
    }

    @Test
    void failsWhenASourceRecordIsMissingFromParquet() throws IOException {
        Path output = parquetOf(CONN.subList(0, 2));

        int exit = verify("--output", output.toString(), "--config-dir", "config", jsonLog(CONN).toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("missing from Parquet: {"), this::printed);
        assertTrue(printed().contains("\"flow_id\":\"C2\""), this::printed);
    }

    @Test
    void verifiesTheTsvFormOfTheRecordsAsEqual() throws IOException {
        Path output = parquetOf(CONN);
        Path tsv = Files.write(Files.createDirectories(temp.resolve("tsv")).resolve("conn.log"), CONN_TSV);

        int exit = verify("--output", output.toString(), tsv.toString());

        assertEquals(0, exit, this::printed);
        assertTrue(printed().contains("all equal"), this::printed);
    }

    @Test
    void readsGzippedLogsWithPathInNestedFolders() throws IOException {
        Path output = parquetOf(CONN);
        Path folder = Files.createDirectories(temp.resolve("logs/sensor1"));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(folder.resolve("current.json.gz")))) {
            for (String record : CONN) {
                gz.write((json("{'_path': 'conn', " + record + "}") + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        int exit = verify("--output", output.toString(), temp.resolve("logs").toString());

        assertEquals(0, exit, this::printed);
        assertTrue(printed().contains("all equal"), this::printed);
    }

    /** The conn records as Bro 2.0 wrote them: an untyped set, and no #set_separator, #empty_field, #unset_field. */
    private static final List<String> CONN_BRO_20 = List.of(
            "#separator \\x09",
            "#path\tconn",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
            + "\tlocal_orig\ttunnel_parents\tsensor",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tbool\ttable\tstring",
            "1521911720.865716\tC0\t10.0.0.1\t40000\t8.8.8.8\t53\tudp\tdns\t0.012346\t100\tT\tCB,CA\ts1",
            "1521911721.500000\tC1\t10.0.0.2\t40001\t10.0.0.9\t443\ttcp\t-\t1.500000\t101\tT\t(empty)\ts1",
            "1521911722.000001\tC2\t192.0.2.7\t40002\t10.0.0.1\t22\ttcp\t-\t-\t102\tF\tCC\ts2");

    @Test
    void readsBro20UntypedContainersByTheirHeaderTypes() throws IOException {
        Path output = parquetOf(CONN);
        Path tsv = Files.write(Files.createDirectories(temp.resolve("bro20")).resolve("conn.log"), CONN_BRO_20);

        int exit = verify("--output", output.toString(), tsv.toString());

        assertEquals(0, exit, this::printed);
        assertTrue(printed().contains("all equal"), this::printed);
    }

    @Test
    void catchesAnUntypedContainerWrittenAsOneString() throws IOException {
        List<String> joined = new ArrayList<>(CONN);
        // what a writer that took Bro 2.0's untyped 'table' for a string would have stored
        joined.set(0, joined.get(0).replace("'tunnel_parents': ['CA', 'CB']", "'tunnel_parents': 'CB,CA'"));
        Path output = parquetOf(joined);
        Path tsv = Files.write(Files.createDirectories(temp.resolve("bro20")).resolve("conn.log"), CONN_BRO_20);

        int exit = verify("--output", output.toString(), tsv.toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("tunnel_parents: expected [\"CA\",\"CB\"] vs actual \"CB,CA\""), this::printed);
    }

    @Test
    void catchesATimeOneMicrosecondOff() throws IOException {
        // Zeek's JSON writer printed 7 decimals; the double Zeek held is 1332008732.19453239..., so ...194532 us
        List<String> source = List.of(CONN.get(0).replace("1521911720.865716", "1332008732.1945325"));
        Path output = parquetOf(List.of(CONN.get(0).replace("1521911720.865716", "1332008732.194533")));

        int exit = verify("--output", output.toString(), jsonLog(source).toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("missing from Parquet: {\"dst_ip\""), this::printed);
        assertTrue(printed().contains("\"event_time\":1332008732194532,"), this::printed);
        assertTrue(printed().contains("not in the source: {\"dst_ip\""), this::printed);
        assertTrue(printed().contains("\"event_time\":1332008732194533,"), this::printed);
    }

    @Test
    void reportsAnUnreadableLineAndChecksTheRest(@TempDir Path logs) throws IOException {
        Path output = parquetOf(CONN);
        List<String> lines = new ArrayList<>(CONN.stream().map(r -> json("{" + r + "}")).toList());
        lines.add(1, "{\"ts\":1521911720.5,");
        Path file = Files.write(logs.resolve("conn.log"), lines);
        Path cut = logs.resolve("dns.log.gz");
        Files.write(cut, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});

        int exit = verify("--output", output.toString(), logs.toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("verify: skipped " + file + ":2: not JSON"), this::printed);
        assertTrue(printed().contains("verify: skipped the rest of " + cut), this::printed);
        assertTrue(printed().contains("all equal (2 unreadable source lines or files skipped)"), this::printed);
    }

    /** The second conn record without its time field: the pipeline keeps it with its arrival time. */
    private static final String TIMELESS = CONN.get(1).replace("'ts': 1521911721.5, ", "");

    @Test
    void acceptsAnyEventTimeForASourceRecordWithoutATimeField() throws IOException {
        List<String> records = List.of(CONN.get(0), TIMELESS, CONN.get(2));
        Path output = parquetOf(records);

        int exit = verify("--output", output.toString(), jsonLog(records).toString());

        assertEquals(0, exit, this::printed);
        assertTrue(printed().contains("verify: 1 types, 3 records, all equal"), this::printed);
    }

    @Test
    void stillChecksTheOtherColumnsOfARecordWithoutATimeField() throws IOException {
        Path output = parquetOf(List.of(CONN.get(0), TIMELESS));
        List<String> changed = List.of(CONN.get(0), TIMELESS.replace("'orig_bytes': 101", "'orig_bytes': 999"));

        int exit = verify("--output", output.toString(), jsonLog(changed).toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("missing from Parquet: {\"dst_ip\":\"10.0.0.9\""), this::printed);
        assertTrue(printed().contains("\"orig_bytes\":999"), this::printed);
        assertTrue(printed().contains("not in the source: {\"dst_ip\":\"10.0.0.9\""), this::printed);
        assertTrue(printed().contains("verify: 2 differences"), this::printed);
    }

    @Test
    void readsBro26BareNonFiniteNumbersAndNothingLooser(@TempDir Path logs) throws IOException {
        // a double column holds them; a count column leaves the word in extra_fields, as the sensor wrote it
        List<String> records = List.of(CONN.get(0).replace("'duration': 0.012345678", "'duration': inf"),
                CONN.get(1).replace("'duration': 1.5", "'duration': -inf").replace("'orig_bytes': 101",
                        "'orig_bytes': nan"),
                CONN.get(2).replace("'sensor': 's2'", "'sensor': 'inf, nan'"));
        Path output = parquetOf(records);
        List<String> lines = new ArrayList<>(records.stream().map(r -> json("{" + r + "}")).toList());
        lines.add(json("{" + CONN.get(2).replace("'uid': 'C2'", "'uid': 'C3', 'gap': NaN") + "}"));
        Path file = Files.write(logs.resolve("conn.log"), lines);

        int exit = verify("--output", output.toString(), file.toString());

        assertEquals(1, exit, this::printed);
        assertTrue(printed().contains("verify: skipped " + file + ":4: not JSON"), this::printed);
        assertTrue(printed().contains("verify: 1 types, 3 records, all equal (1 unreadable source lines or files "
                                      + "skipped)"), this::printed);
    }

    @Test
    void rejectsAMissingOutputOptionAsBadUsage() throws IOException {
        int exit = verify(jsonLog(CONN).toString());

        assertEquals(2, exit, this::printed);
        assertTrue(printed().contains("--output is required"), this::printed);
    }
}
