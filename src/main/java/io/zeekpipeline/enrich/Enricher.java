package io.zeekpipeline.enrich;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.kafka.Rejects;
import io.zeekpipeline.model.LogTypeGroup;
import io.zeekpipeline.model.ZeekEvent;
import io.zeekpipeline.normalize.NormalizationRule;
import io.zeekpipeline.normalize.NormalizationRules;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Adds the enriched layer to each event of a group as the log type's rule asks: event-time parts in UTC, and for network
 * records the local/remote class of both ends, the direction and a service. Stateless and thread-safe.
 */
public class Enricher implements Processor {

    public static final String SERVICE = "service";
    public static final String DIRECTION = "direction";
    public static final String SRC_PRIVATE = "src_ip_is_private";
    public static final String DST_PRIVATE = "dst_ip_is_private";
    private static final List<String> TIME_PARTS =
            List.of("event_year", "event_month", "event_day", "event_hour", "event_weekday");

    private final NormalizationRules rules;
    private final NetworkClassifier networks;
    private final Map<Integer, String> portServices;

    public Enricher(NormalizationRules rules, EnrichmentTables tables) {
        this.rules = rules;
        this.networks = new NetworkClassifier(tables.localNetworks());
        this.portServices = tables.portServices();
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().getBody(LogTypeGroup.class).apply(this::enrich, Rejects.of(exchange));
    }

    public void enrich(ZeekEvent event) {
        NormalizationRule rule = rules.ruleFor(event.logType());
        Map<String, Object> enriched = event.enriched();
        if (rule.enrichTime()) {
            long micros = event.eventTimeMicros();
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
            enriched.put(TIME_PARTS.get(0), t.getYear());
            enriched.put(TIME_PARTS.get(1), t.getMonthValue());
            enriched.put(TIME_PARTS.get(2), t.getDayOfMonth());
            enriched.put(TIME_PARTS.get(3), t.getHour());
            // 0 = Sunday ... 6 = Saturday, as the seed wrote it
            enriched.put(TIME_PARTS.get(4), t.getDayOfWeek().getValue() % 7);
        }
        if (rule.enrichNetwork()) {
            Boolean srcLocal = networks.isLocal(text(event, "src_ip"));
            Boolean dstLocal = networks.isLocal(text(event, "dst_ip"));
            enriched.put(SRC_PRIVATE, srcLocal);
            enriched.put(DST_PRIVATE, dstLocal);
            if (!rule.promotesTo(DIRECTION)) {
                enriched.put(DIRECTION, direction(srcLocal, dstLocal));
            }
            if (!rule.promotesTo(SERVICE)) {
                enriched.put(SERVICE, service(event));
            }
        }
    }

    /** Names and Java types of the enriched fields the rule produces, in column order. */
    public static Map<String, Class<?>> fieldsFor(NormalizationRule rule) {
        Map<String, Class<?>> fields = new LinkedHashMap<>();
        if (rule.enrichTime()) {
            for (String part : TIME_PARTS) {
                fields.put(part, Integer.class);
            }
        }
        if (rule.enrichNetwork()) {
            fields.put(SRC_PRIVATE, Boolean.class);
            fields.put(DST_PRIVATE, Boolean.class);
            if (!rule.promotesTo(DIRECTION)) {
                fields.put(DIRECTION, String.class);
            }
            if (!rule.promotesTo(SERVICE)) {
                fields.put(SERVICE, String.class);
            }
        }
        return fields;
    }

    private static String direction(Boolean srcLocal, Boolean dstLocal) {
        if (srcLocal == null || dstLocal == null) {
            return null;
        }
        if (srcLocal) {
            return dstLocal ? "internal" : "outbound";
        }
        return dstLocal ? "inbound" : "external";
    }

    private String service(ZeekEvent event) {
        JsonNode port = event.normalized().get("dst_port");
        if (port != null && port.canConvertToInt() && port.asInt() > 0) {
            String known = portServices.get(port.asInt());
            if (known != null) {
                return known;
            }
        }
        String protocol = text(event, "protocol");
        return port != null && port.asInt() > 0 ? "unknown" : protocol;
    }

    private static String text(ZeekEvent event, String normalizedName) {
        JsonNode node = event.normalized().get(normalizedName);
        return node == null || node.isNull() ? null : node.asText();
    }
}
