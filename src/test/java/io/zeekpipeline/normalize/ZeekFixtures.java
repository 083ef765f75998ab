package io.zeekpipeline.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.enrich.CommunityId;
import io.zeekpipeline.enrich.Enricher;
import io.zeekpipeline.enrich.EnrichmentTables;
import io.zeekpipeline.enrich.GeoLookup;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ingest.LogTypeDetector;
import io.zeekpipeline.json.JsonScanner;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.json.ZeekJson;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.rows.ZeekSchemas;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Shared test fixtures: the real config/*.json files (tests run in the project folder), the mapper the
 * application uses, and events taken through the real detect → normalize → enrich steps. JSON given
 * to these helpers may use single quotes for readability.
 */
public final class ZeekFixtures {

    public static final ObjectMapper MAPPER = ZeekJson.mapper();
    public static final String TOPIC = "zeek-raw";
    /** The fixed clock's instant: every fixture event was ingested at this time. */
    public static final Instant INGESTED_AT = Instant.parse("2026-02-01T08:30:00.123Z");

    /** Bro 2.0's http.log header: untyped containers, and no #set_separator, #empty_field or #unset_field lines. */
    public static final String BRO_20_HTTP = String.join("\n",
            "#separator \\x09",
            "#path\thttp",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmethod\thost\turi"
            + "\ttags\tproxied\tclient_header_names\turi_vars",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tstring"
            + "\ttable\ttable\tvector\tvector",
            "1332008617.540000\tjCHdQ3cXwU4\t192.168.202.79\t50465\t192.168.229.251\t80\t1\tGET"
            + "\t192.168.229.251\t/DEASLog02.nsf\t(empty)\tVIA -> 1.1 proxy,X-FORWARDED-FOR -> 10.0.0.1"
            + "\tACCEPT,USER-AGENT,HOST,CONNECTION\t-", "");

    private static final NormalizationRules RULES = load("normalization.json", NormalizationRules::load);
    private static final ZeekSchemas SCHEMAS = load("schema.json", ZeekSchemas::load);
    private static final EnrichmentTables TABLES = load("enrichment.json", EnrichmentTables::load);
    private static final LogTypeDetector DETECTOR =
            new LogTypeDetector(MAPPER, RULES, 1_048_576, new PipelineMetrics());
    private static final Normalizer NORMALIZER = new Normalizer(RULES, Clock.fixed(INGESTED_AT, ZoneOffset.UTC),
            new PipelineMetrics());
    private static final Enricher ENRICHER = new Enricher(RULES, TABLES, new CommunityId(0), GeoLookup.none());

    private ZeekFixtures() {
    }

    private interface Loader<T> {
        T load(InputStream in, String origin, ObjectMapper mapper) throws IOException;
    }

    private static <T> T load(String name, Loader<T> loader) {
        Path file = Path.of("config", name);
        try (InputStream in = Files.newInputStream(file)) {
            return loader.load(in, file.toString(), MAPPER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NormalizationRules rules() {
        return RULES;
    }

    public static ZeekSchemas schemas() {
        return SCHEMAS;
    }

    /** The enricher of the fixtures: the real tables, Community ID seed 0, no GeoIP databases. */
    public static Enricher enricher() {
        return ENRICHER;
    }

    public static EnrichmentTables tables() {
        return TABLES;
    }

    /** Double-quoted JSON from single-quoted test text. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static JsonNode tree(String singleQuoted) {
        try {
            return MAPPER.readTree(json(singleQuoted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Member names of a JSON object, in order. */
    public static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static List<String> fieldNames(Map<String, ?> fields) {
        return new ArrayList<>(fields.keySet());
    }

    /** A JSON value written with single quotes, as the pipeline scans it. */
    public static JsonValue value(String singleQuoted) {
        return new JsonScanner(16).scanValue(utf8(json(singleQuoted)));
    }

    /** The detected (not yet normalized) event of a message at partition 0 of {@link #TOPIC}. */
    public static ZeekEvent detected(String singleQuoted, long offset) {
        return DETECTOR.detect(record(utf8(json(singleQuoted)), 0, offset));
    }

    /** The detected event of a message that has a Kafka timestamp; TSV text (starting with #) is taken as it is. */
    public static ZeekEvent detected(String message, long offset, long timestampMillis) {
        byte[] value = utf8(message.startsWith("#") ? message : json(message));
        return DETECTOR.detect(new ConsumedRecord(TOPIC, 0, offset, timestampMillis, value));
    }

    public static ZeekEvent normalized(String singleQuoted) {
        ZeekEvent event = detected(singleQuoted, 0);
        NORMALIZER.normalize(event);
        return event;
    }

    /** The event after every ingest step, as the outputs receive it. */
    public static ZeekEvent enriched(String singleQuoted, long offset) {
        return enriched(record(utf8(json(singleQuoted)), 0, offset));
    }

    /** The event of a consumed record after every ingest step. */
    public static ZeekEvent enriched(ConsumedRecord record) {
        ZeekEvent event = DETECTOR.detect(record);
        NORMALIZER.normalize(event);
        ENRICHER.enrich(event);
        return event;
    }

    public static ZeekEvent enriched(String singleQuoted) {
        return enriched(singleQuoted, 0);
    }

    /** A consumed record of {@link #TOPIC} without a Kafka timestamp. */
    public static ConsumedRecord record(byte[] value, int partition, long offset) {
        return new ConsumedRecord(TOPIC, partition, offset, -1, value);
    }

    public static Exchange exchangeWith(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        return exchange;
    }

    /** An exchange of the ingest route after register-offsets: the body and an empty list of rejects. */
    public static Exchange pollExchange(Object body) {
        Exchange exchange = exchangeWith(body);
        exchange.setProperty(ZeekHeaders.REJECTS, new Rejects());
        return exchange;
    }

    /** A poll exchange holding one group of the given events, as the split hands it to each step. */
    public static Exchange groupExchange(ZeekEvent... events) {
        LogTypeGroup group = new LogTypeGroup(events[0].logType(), true);
        for (ZeekEvent event : events) {
            group.add(event);
        }
        return pollExchange(group);
    }
}
