package io.zeekpipeline.enrich;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.rules.NormalizationRule;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Adds the enriched layer to each event of a group as the log type's rule asks: event-time parts in UTC, and for
 * network records the local/remote class of both ends, the direction and a service. Stateless and thread-safe.
 */
public class Enricher implements Processor {

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
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        NormalizationRule rule = rules.ruleFor(group.getLogType());
        TimeParts parts = new TimeParts();
        group.apply(event -> enrich(event, rule, parts), Rejects.of(exchange));
    }

    public void enrich(ZeekEvent event) {
        enrich(event, rules.ruleFor(event.logType()), new TimeParts());
    }

    private void enrich(ZeekEvent event, NormalizationRule rule, TimeParts parts) {
        if (!event.isNormalized()) {
            // a route branch that skipped normalize: without it the event has no time and would land in 1970
            throw new IllegalStateException("event reached enrich without the normalize step: every branch of "
                                            + "choose-by-log-type must end in normalize");
        }
        FieldMap<Object> enriched = event.enriched();
        if (rule.enrichTime()) {
            parts.of(event.eventTimeMicros());
            enriched.put(EventFields.TIME_PARTS.get(0), parts.year);
            enriched.put(EventFields.TIME_PARTS.get(1), parts.month);
            enriched.put(EventFields.TIME_PARTS.get(2), parts.day);
            enriched.put(EventFields.TIME_PARTS.get(3), parts.hour);
            enriched.put(EventFields.TIME_PARTS.get(4), parts.weekday);
        }
        if (rule.enrichNetwork()) {
            Boolean srcLocal = networks.isLocal(text(event, "src_ip"));
            Boolean dstLocal = networks.isLocal(text(event, "dst_ip"));
            enriched.put(EventFields.SRC_PRIVATE, srcLocal);
            enriched.put(EventFields.DST_PRIVATE, dstLocal);
            if (!rule.promotesTo(EventFields.DIRECTION)) {
                enriched.put(EventFields.DIRECTION, direction(srcLocal, dstLocal));
            }
            if (!rule.promotesTo(EventFields.SERVICE)) {
                enriched.put(EventFields.SERVICE, service(event));
            }
        }
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
        int port = port(event.normalized().get("dst_port"));
        if (port > 0) {
            String known = portServices.get(port);
            return known != null ? known : "unknown";
        }
        return text(event, "protocol");
    }

    /** A port number, given as a JSON number or as text; 0 when there is none. */
    private static int port(JsonValue value) {
        if (value == null) {
            return 0;
        }
        if (value.fitsLong()) {
            long port = value.longValue();
            return port > 0 && port <= Integer.MAX_VALUE ? (int) port : 0;
        }
        if (value.kind() == JsonValue.Kind.STRING) {
            try {
                return Math.max(0, Integer.parseInt(value.text().trim()));
            } catch (NumberFormatException notANumber) {
                return 0;
            }
        }
        return 0;
    }

    private static String text(ZeekEvent event, String normalizedName) {
        JsonValue value = event.normalized().get(normalizedName);
        return value == null || value.isNull() ? null : value.text();
    }

    /**
     * The UTC time parts of the hour last asked for: the events of a group mostly share an hour, so
     * the calendar is worked out once per hour, not per event. Used by one thread.
     */
    private static final class TimeParts {
        private static final long MICROS_PER_HOUR = 3_600_000_000L;
        private long current = Long.MIN_VALUE;
        private Integer year;
        private Integer month;
        private Integer day;
        private Integer hour;
        private Integer weekday;

        void of(long micros) {
            long hours = Math.floorDiv(micros, MICROS_PER_HOUR);
            if (hours == current) {
                return;
            }
            LocalDateTime t = LocalDateTime.ofEpochSecond(hours * 3600L, 0, ZoneOffset.UTC);
            year = t.getYear();
            month = t.getMonthValue();
            day = t.getDayOfMonth();
            hour = t.getHour();
            // 0 = Sunday ... 6 = Saturday, as the seed wrote it
            weekday = t.getDayOfWeek().getValue() % 7;
            current = hours;
        }
    }
}
