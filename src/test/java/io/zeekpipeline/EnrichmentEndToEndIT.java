package io.zeekpipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.RunningPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conn records → embedded Kafka → the application started with MaxMind's test databases → the same Community ID,
 * direction, geo and AS values in Parquet (read back with DuckDB) and on the output topic. Expected values: the
 * Community ID spec's formula in Python, the databases' source data (src/test/resources/geoip/SOURCES.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PipelineTest(topics = @PipelineTest.Topic(name = "zeek-raw"))
class EnrichmentEndToEndIT {

    private static final String GROUP = "e2e-enrichment";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RECORDS = List.of(
            "{'uid': 'CGEO1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000, 'id.resp_h': '89.160.20.112',"
            + " 'id.resp_p': 443, 'proto': 'tcp'}",
            // Zeek's local_orig says the public source is the operator's own
            "{'uid': 'CGEO2', 'id.orig_h': '81.2.69.142', 'id.orig_p': 50000, 'id.resp_h': '1.0.0.1',"
            + " 'id.resp_p': 53, 'proto': 'udp', 'local_orig': true, 'local_resp': false}",
            "{'uid': 'CGEO3', 'id.orig_h': '2001:218::1', 'id.orig_p': 3000, 'id.resp_h': 'fd00::1',"
            + " 'id.resp_p': 22, 'proto': 'tcp'}");

    @TempDir
    static Path output;

    private Connection duck;
    private final Map<String, JsonNode> published = new HashMap<>();

    @BeforeAll
    void runPipeline(EmbeddedKafka kafka, Connection duck) throws Exception {
        this.duck = duck;
        List<byte[]> messages = RECORDS.stream()
                .map(r -> ("{'conn': {'ts': 1521911720.865716, " + r.substring(1) + "}").replace('\'', '"')
                        .getBytes(StandardCharsets.UTF_8))
                .toList();
        kafka.produce("zeek-raw", messages);
        Map<String, String> props = PipelineSettings.reading(kafka, GROUP, output);
        props.put("pipeline.input.poll-timeout-ms", "200");
        props.put("pipeline.flush.interval-seconds", "1");
        props.put("pipeline.config-dir", "config");
        props.put("pipeline.enrich.geoip.city-database", "src/test/resources/geoip/GeoLite2-City-Test.mmdb");
        props.put("pipeline.enrich.geoip.asn-database", "src/test/resources/geoip/GeoLite2-ASN-Test.mmdb");
        try (RunningPipeline pipeline = RunningPipeline.start(props)) {
            RunningPipeline.await(() -> kafka.committedSum(GROUP, "zeek-raw") == messages.size(),
                    Duration.ofSeconds(60), "all " + messages.size() + " input offsets committed");
        }
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll("zeek-normalized")) {
            JsonNode event = JSON.readTree(record.value());
            published.put(event.get("normalized").get("flow_id").asText(), event.get("enriched"));
        }
    }

    /** A JSON value as DuckDB's JDBC driver gives the column's: String, Long, Double or null. */
    private static Object javaValue(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        return value.asDouble();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "CGEO1, 1:IC/CWjVApVOiIVaLrhMRQuw0EaI=, outbound, NULL, NULL, NULL, NULL, SE, Linköping, 58.4167, 15.6167,"
            + " 29518, Bredband2 AB",
        "CGEO2, 1:/ch2onOybO2UJwC08OsTmjSStGk=, outbound, GB, London, 51.5142, -0.0931, NULL, NULL, NULL, NULL,"
            + " 15169, Google Inc.",
        "CGEO3, 1:dnuNoRxRKwEnwjM8s3UkquIB4aU=, inbound, JP, NULL, 35.68536, 139.75309, NULL, NULL, NULL, NULL,"
            + " NULL, NULL"})
    void writesTheSameEnrichmentToParquetAndTheOutputTopic(String uid, String communityId, String direction,
            String srcCountry, String srcCity, Double srcLat, Double srcLon, String dstCountry, String dstCity,
            Double dstLat, Double dstLon, Long dstAs, String dstAsOrganization) throws Exception {
        Map<String, Object> expected = new HashMap<>();
        expected.put("community_id", communityId);
        expected.put("direction", direction);
        expected.put("src_geo_country_iso_code", srcCountry);
        expected.put("src_geo_city_name", srcCity);
        expected.put("src_geo_location_lat", srcLat);
        expected.put("src_geo_location_lon", srcLon);
        expected.put("dst_geo_country_iso_code", dstCountry);
        expected.put("dst_geo_city_name", dstCity);
        expected.put("dst_geo_location_lat", dstLat);
        expected.put("dst_geo_location_lon", dstLon);
        expected.put("dst_as_number", dstAs);
        expected.put("dst_as_organization", dstAsOrganization);

        JsonNode topic = published.get(uid);
        assertNotNull(topic, "output record of " + uid);
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + output.resolve("conn")
                                            + "/**/*.parquet') WHERE flow_id = '" + uid + "'")) {
            assertTrue(rs.next(), "conn row of " + uid);
            for (Map.Entry<String, Object> column : expected.entrySet()) {
                String name = column.getKey();
                Object want = column.getValue();
                assertEquals(want, rs.getObject(name), () -> uid + " Parquet " + name);
                JsonNode value = topic.get(name);
                if (want == null) {
                    // what the databases do not know is left out of the output JSON (NULL in Parquet)
                    assertNull(value, () -> uid + " output has " + name);
                } else {
                    assertNotNull(value, () -> uid + " output lacks " + name);
                    assertEquals(want, javaValue(value), () -> uid + " output " + name);
                }
            }
        }
    }
}
