package io.zeekpipeline.parquet.rows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.enrich.GeoLookup;
import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.parquet.ParquetBatch;
import io.zeekpipeline.parquet.ParquetBatchWriter;
import io.zeekpipeline.parquet.PartitionPath;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.zeekpipeline.normalize.ZeekFixtures.BRO_20_HTTP;
import static io.zeekpipeline.normalize.ZeekFixtures.MAPPER;
import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static io.zeekpipeline.normalize.ZeekFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTypeLayoutTest {

    private static final LogTypeLayouts LAYOUTS = new LogTypeLayouts(rules(), schemas(), false, Set.of(), 100);

    @TempDir
    static Path folder;

    /** Every log type of config/schema.json and config/normalization.json, plus one neither knows. */
    static Stream<String> everyLogType() throws IOException {
        Set<String> types = new TreeSet<>(rules().logTypes());
        MAPPER.readTree(Path.of("config/schema.json").toFile())
                .forEach(entry -> types.add(entry.get("log_type").asText()));
        types.add("vendor_quic");
        return types.stream();
    }

    private static List<String> columns(String logType) {
        return LAYOUTS.forLogType(logType).schema().getFields().stream().map(Schema.Field::name).toList();
    }

    /**
     * The Parquet row of a flat record (single-quoted JSON members after _path and ts): encoded, written
     * as a one-row Parquet file and read back with parquet-avro.
     */
    private static GenericData.Record row(String logType, String members) {
        return rowAt("2018-03-24T17:15:20.865716Z", logType, members);
    }

    private static GenericData.Record rowAt(String ts, String logType, String members) {
        return row(enriched("{'_path': '" + logType + "', 'ts': '" + ts + "'" + members + "}"));
    }

    /** The Parquet row of an event, written as a one-row Parquet file and read back with parquet-avro. */
    private static GenericData.Record row(ZeekEvent event) {
        RowBuffer encoded = new RowBuffer();
        LAYOUTS.forLogType(event.logType()).encode(event, encoded);
        ParquetBatch batch = new ParquetBatch(event.logType(), event.eventTimeMicros(), event.topic(),
                event.partition());
        batch.add(encoded, event.offset(), event.source().timestampMillis(), event.original().length);
        try {
            Path file = Path.of(new ParquetBatchWriter(LAYOUTS, folder.toString(), "row", "uncompressed",
                    HadoopFiles.configuration(), new Delivery(new OffsetTracker(true, false)), new PipelineMetrics())
                    .write(batch)
                    .toUri().getPath());
            GenericData.Record row;
            try (ParquetReader<GenericData.Record> reader = AvroParquetReader.<GenericData.Record>builder(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
                    .build()) {
                row = reader.read();
            }
            Files.delete(file);
            for (int i = 0; i < row.getSchema().getFields().size(); i++) {
                row.put(i, javaStrings(row.get(i)));
            }
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Avro reads strings as Utf8: back to String, as the assertions compare. */
    private static Object javaStrings(Object value) {
        if (value instanceof Utf8 text) {
            return text.toString();
        }
        return value instanceof List<?> list ? list.stream().map(LogTypeLayoutTest::javaStrings).toList() : value;
    }

    @ParameterizedTest
    @MethodSource("everyLogType")
    void buildsASchemaWithoutDuplicateColumnNames(String logType) {
        List<String> columns = columns(logType);

        assertEquals(columns.size(), new HashSet<>(columns).size(), () -> logType + " has duplicates: " + columns);
        assertTrue(columns.containsAll(List.of("event_time", "ingest_time", "event_type", "event_class",
                EventFields.EXTRA_FIELDS)), () -> logType + ": " + columns);
    }

    @ParameterizedTest
    @CsvSource({"ssh, direction, INBOUND, outbound", "smb_mapping, service, IPC, smb"})
    void writesAZeekFieldWhoseNameIsTakenAsZeekPrefixed(String logType, String field, String value, String derived) {
        GenericData.Record row = row(logType, ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8',"
                                              + " 'id.resp_p': 445, '" + field + "': '" + value + "'");

        assertEquals(value, row.get("zeek_" + field));
        assertEquals(derived, row.get(field));
        assertNull(row.get(EventFields.EXTRA_FIELDS));
    }

    /** The encoder remembers where the previous event had each field: a record that orders them otherwise. */
    @Test
    void findsEachFieldByNameWhenTheNextRecordOrdersOrOmitsThemOtherwise() {
        GenericData.Record first = row("conn", ", 'id.orig_h': '10.0.0.1', 'history': 'ShADad', 'orig_bytes': 10,"
                                               + " 'conn_state': 'SF', 'sensor': 's1'");
        GenericData.Record reordered = row("conn", ", 'sensor': 's2', 'conn_state': 'REJ', 'orig_bytes': 20,"
                                                   + " 'id.orig_h': '10.0.0.2', 'history': 'Sr'");
        GenericData.Record fewer = row("conn", ", 'orig_bytes': 30, 'id.orig_h': '10.0.0.3'");

        assertEquals(List.of("10.0.0.1", "ShADad", 10L, "SF", "{\"sensor\":\"s1\"}"), values(first));
        assertEquals(List.of("10.0.0.2", "Sr", 20L, "REJ", "{\"sensor\":\"s2\"}"), values(reordered));
        assertEquals(Arrays.asList("10.0.0.3", null, 30L, null, null), values(fewer));
    }

    private static List<Object> values(GenericData.Record row) {
        return Arrays.asList(row.get("src_ip"), row.get("history"), row.get("orig_bytes"),
                row.get("conn_state"), row.get(EventFields.EXTRA_FIELDS));
    }

    @Test
    void writesZeeksOwnCommunityIdAsZeekCommunityIdBesideThePipelines() {
        GenericData.Record row = row("conn", ", 'id.orig_h': '192.168.1.52', 'id.orig_p': 54585,"
                                             + " 'id.resp_h': '8.8.8.8', 'id.resp_p': 53, 'proto': 'udp',"
                                             + " 'community_id': '1:from-the-sensor'");

        assertEquals("1:from-the-sensor", row.get("zeek_community_id"));
        // the spec's vector of this flow (baseline_deflt.json)
        assertEquals("1:d/FP5EW3wiY1vCndhwleRRKHowQ=", row.get(EventFields.COMMUNITY_ID));
        assertNull(row.get(EventFields.EXTRA_FIELDS));
    }

    @Test
    void typesTheGeoColumnsAndLeavesThemOutWithoutDatabases() throws IOException {
        GeoLookup geo = GeoLookup.open("src/test/resources/geoip/GeoLite2-City-Test.mmdb",
                "src/test/resources/geoip/GeoLite2-ASN-Test.mmdb");
        Schema conn = new LogTypeLayouts(rules().withGeoFields(geo.fields()), schemas(), false, Set.of(), 1)
                .forLogType("conn").schema();

        assertEquals(Schema.Type.LONG, conn.getField("dst_as_number").schema().getTypes().get(1).getType());
        assertEquals(Schema.Type.DOUBLE, conn.getField("src_geo_location_lat").schema().getTypes().get(1).getType());
        assertEquals(Schema.Type.STRING, conn.getField("dst_geo_city_name").schema().getTypes().get(1).getType());
        assertNull(LAYOUTS.forLogType("conn").schema().getField("dst_as_number"));
        assertNull(new LogTypeLayouts(rules().withGeoFields(geo.fields()), schemas(), false, Set.of(), 1)
                .forLogType("x509").schema().getField("src_geo_country_iso_code"));
    }

    @ParameterizedTest
    @CsvSource({
        // expected micros and weekday (0 = Sunday) worked out with Python's datetime
        "1969-07-20T20:17:40.5Z,  -14182939500000,  1969, 7, 20, 20, 0, conn/year=1969/month=07/day=20/hour=20",
        "2100-01-01T00:00:00.5Z, 4102444800500000, 2100, 1, 1,  0,  5, conn/year=2100/month=01/day=01/hour=00"})
    void writesTimesBefore1970AndFarInTheFuture(String ts, long micros, int year, int month, int day, int hour,
            int weekday, String directory) {
        GenericData.Record row = rowAt(ts, "conn", ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8'");

        assertEquals(micros, row.get(EventFields.EVENT_TIME));
        assertEquals(List.of(year, month, day, hour, weekday),
                EventFields.TIME_PARTS.stream().map(row::get).toList());
        assertEquals(directory, PartitionPath.directoryOf("conn", micros));
    }

    @Test
    void fillsColumnsOfDottedZeekNames() {
        GenericData.Record ftp = row("ftp", ", 'data_channel.orig_h': '10.0.0.1', 'data_channel.resp_p': 51263,"
                                            + " 'data_channel.passive': true");
        GenericData.Record smbFiles = row("smb_files", ", 'times.modified': '2018-03-24T17:15:20.865716Z'");

        assertEquals("10.0.0.1", ftp.get("data_channel_orig_h"));
        assertEquals(51263, ftp.get("data_channel_resp_p"));
        assertEquals(true, ftp.get("data_channel_passive"));
        assertEquals(1521911720865716L, smbFiles.get("times_modified"));
    }

    @Test
    void keepsFieldsTheSchemaDoesNotListInExtraFields() {
        GenericData.Record row = row("conn", ", '_write_ts': '2018-03-24T17:15:24Z', 'sensor': 's1', 'duration': 0.5");

        assertEquals(tree("{'_write_ts': '2018-03-24T17:15:24Z', 'sensor': 's1'}"),
                tree((String) row.get(EventFields.EXTRA_FIELDS)));
        assertEquals(0.5, row.get("duration"));
    }

    @Test
    void keepsAValueOfTheWrongTypeInExtraFieldsAndLeavesItsColumnNull() {
        GenericData.Record row = row("conn", ", 'orig_bytes': 'abc', 'resp_bytes': 7, 'id.resp_p': 'http'");

        assertNull(row.get("orig_bytes"));
        assertNull(row.get("dst_port"));
        assertEquals(7L, row.get("resp_bytes"));
        assertEquals(tree("{'orig_bytes': 'abc', 'dst_port': 'http'}"),
                tree((String) row.get(EventFields.EXTRA_FIELDS)));
    }

    @Test
    void writesSetsAndVectorsAsLists() {
        GenericData.Record conn = row("conn", ", 'tunnel_parents': ['CA', 'CB']");
        GenericData.Record dns = row("dns", ", 'answers': ['a.example', '10.0.0.1'], 'TTLs': [60.0, 2.5]");

        assertEquals(List.of("CA", "CB"), conn.get("tunnel_parents"));
        assertEquals(List.of("a.example", "10.0.0.1"), dns.get("answers"));
        assertEquals(List.of(60.0, 2.5), dns.get("TTLs"));
    }

    @Test
    void writesABro20UntypedContainerAsAListOfStrings() {
        GenericData.Record row = row(enriched(BRO_20_HTTP));

        assertEquals(List.of("VIA -> 1.1 proxy", "X-FORWARDED-FOR -> 10.0.0.1"), row.get("proxied"));
        assertEquals(tree("{'client_header_names': ['ACCEPT', 'USER-AGENT', 'HOST', 'CONNECTION']}"),
                tree((String) row.get(EventFields.EXTRA_FIELDS)));
    }

    @ParameterizedTest
    @CsvSource({"vector, vector[string]", "table, set[string]", "set, set[string]", "table[count], set[count]"})
    void readsBro20ContainerTypeNamesAsLists(String bro20, String current) {
        assertEquals(ColumnType.parse(current).schema(), ColumnType.parse(bro20).schema());
    }

    @Test
    void writesNonFiniteNumbersAsNonFiniteDoubles() {
        GenericData.Record capture = row("capture_loss", ", 'percent_lost': nan, 'gaps': 1");
        GenericData.Record conn = row("conn", ", 'duration': inf, 'uid': 'C1'");

        assertTrue(Double.isNaN((Double) capture.get("percent_lost")));
        assertEquals(Double.POSITIVE_INFINITY, conn.get("duration"));
    }

    @Test
    void keepsANonFiniteNumberOfACountColumnInExtraFields() {
        GenericData.Record row = row("conn", ", 'orig_bytes': -inf");

        assertNull(row.get("orig_bytes"));
        assertEquals("{\"orig_bytes\":-inf}", row.get(EventFields.EXTRA_FIELDS));
    }

    @Test
    void fillsTheTimeAndPromotedColumns() {
        GenericData.Record row = row("conn", ", 'uid': 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000");

        assertEquals(1521911720865716L, row.get("event_time"));
        assertNotNull(row.get(EventFields.INGEST_TIME));
        assertEquals("C1", row.get("flow_id"));
        assertEquals("10.0.0.1", row.get("src_ip"));
        assertEquals(40000, row.get("src_port"));
        assertEquals("network_connection", row.get("event_type"));
    }

    @Test
    void writesEveryFieldOfAnUnknownLogTypeToExtraFields() {
        GenericData.Record row = row("vendor_quic", ", 'uid': 'C9', 'version': '1'");

        assertEquals("C9", row.get("flow_id"));
        assertEquals(tree("{'version': '1'}"), tree((String) row.get(EventFields.EXTRA_FIELDS)));
    }
}
