package io.zeekpipeline.enrich;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.rules.Enrichment;
import io.zeekpipeline.rules.NormalizationRule;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Adds the enriched layer to each event of a group as the log type's rule asks: event-time parts in UTC, and for
 * network records the local/remote class of both ends, the direction, a service, the Community ID and the
 * country, city, location and AS of public ends.
 * Thread-safe: each thread keeps the time parts of the hour it last saw.
 */
public class Enricher implements Processor {

    /** The direction when an end has no address. */
    private static final String UNKNOWN = "unknown";
    /** The most fields besides time parts and GeoIP: both address classes, direction, service, Community ID. */
    private static final int NETWORK_FIELDS = 5;
    /** The transport protocols Zeek names in conn and the logs like it. */
    private static final String[] TRANSPORTS = {"tcp", "udp", "icmp", "sctp", "unknown_transport"};

    private final NormalizationRules rules;
    private final NetworkClassifier networks;
    private final ServiceTable services;
    private final CommunityId communityId;
    private final GeoLookup geo;
    /** Per thread: a group's events, and a poll's groups, mostly share an hour. */
    private final ThreadLocal<TimeParts> timeParts = ThreadLocal.withInitial(TimeParts::new);

    public Enricher(NormalizationRules rules, EnrichmentTables tables, CommunityId communityId, GeoLookup geo) {
        this.rules = rules;
        this.geo = geo;
        this.networks = new NetworkClassifier(tables.localNetworks());
        this.services = tables.services();
        this.communityId = communityId;
    }

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        NormalizationRule rule = rules.ruleFor(group.getLogType());
        TimeParts parts = timeParts.get();
        group.apply(event -> enrich(event, rule, parts), Rejects.of(exchange));
    }

    public void enrich(ZeekEvent event) {
        enrich(event, rules.ruleFor(event.logType()), timeParts.get());
    }

    private void enrich(ZeekEvent event, NormalizationRule rule, TimeParts parts) {
        if (!event.isNormalized()) {
            // a route branch that skipped normalize: without it the event has no time and would land in 1970
            throw new IllegalStateException("event reached enrich without the normalize step: every branch of "
                                            + "choose-by-log-type must end in normalize");
        }
        FieldMap<Object> enriched = event.enriched();
        enriched.ensureCapacity(enriched.size() + EventFields.TIME_PARTS.size() + NETWORK_FIELDS + geo.fields().size());
        if (rule.enriches(Enrichment.TIME)) {
            parts.of(event.eventTimeMicros());
            enriched.put(EventFields.TIME_PARTS.get(0), parts.year);
            enriched.put(EventFields.TIME_PARTS.get(1), parts.month);
            enriched.put(EventFields.TIME_PARTS.get(2), parts.day);
            enriched.put(EventFields.TIME_PARTS.get(3), parts.hour);
            enriched.put(EventFields.TIME_PARTS.get(4), parts.weekday);
        }
        byte[] src = NetworkClassifier.parseLiteral(text(event, "src_ip"));
        byte[] dst = NetworkClassifier.parseLiteral(text(event, "dst_ip"));
        boolean lookUp = rule.enriches(Enrichment.GEO) && !geo.fields().isEmpty();
        Boolean srcLocal = null;
        Boolean dstLocal = null;
        if (rule.enriches(Enrichment.NETWORK) || lookUp) {
            srcLocal = networks.isLocal(src);
            dstLocal = networks.isLocal(dst);
        }
        if (rule.enriches(Enrichment.NETWORK)) {
            enriched.put(EventFields.SRC_PRIVATE, srcLocal);
            enriched.put(EventFields.DST_PRIVATE, dstLocal);
            if (!rule.promotesTo(EventFields.DIRECTION)) {
                enriched.put(EventFields.DIRECTION, src == null || dst == null ? UNKNOWN : direction(
                        locality(event, "local_orig", srcLocal), locality(event, "local_resp", dstLocal)));
            }
        }
        // a rule promoting Zeek's own service (conn's "ssl,http") keeps it as written, its absence included:
        // Zeek found no protocol there, and the column holds Zeek's values only (what verify checks)
        boolean service = rule.enriches(Enrichment.SERVICE) && !rule.promotesTo(EventFields.SERVICE);
        String protocol = service || rule.enriches(Enrichment.COMMUNITY_ID) ? protocol(event) : null;
        if (service) {
            enriched.put(EventFields.SERVICE,
                    services.serviceOf(event.logType(), protocol, port(event.normalized().get("dst_port"))));
        }
        if (rule.enriches(Enrichment.COMMUNITY_ID)) {
            enriched.put(EventFields.COMMUNITY_ID, communityId(event, protocol, src, dst));
        }
        if (lookUp) {
            // local addresses are never looked up
            geo.put(enriched, true, Boolean.FALSE.equals(srcLocal) ? src : null);
            geo.put(enriched, false, Boolean.FALSE.equals(dstLocal) ? dst : null);
        }
    }

    /** The flow's Community ID; null without both addresses, both ports and a protocol the spec hashes. */
    private String communityId(ZeekEvent event, String transport, byte[] src, byte[] dst) {
        if (src == null || dst == null) {
            return null;
        }
        int protocol = CommunityId.protocolNumber(transport, src.length == 16);
        int srcPort = port(event.normalized().get("src_port"));
        int dstPort = port(event.normalized().get("dst_port"));
        if (protocol < 0 || srcPort < 0 || dstPort < 0) {
            return null;
        }
        return communityId.of(src, dst, protocol, srcPort, dstPort);
    }

    /** Zeek's own verdict on an end ({@code local_orig}, {@code local_resp}: Site::local_nets) where it has one. */
    private static boolean locality(ZeekEvent event, String zeekField, boolean configured) {
        JsonValue own = event.raw().get(zeekField);
        if (own == null) {
            return configured;
        }
        return switch (own.kind()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> configured;
        };
    }

    private static String direction(boolean srcLocal, boolean dstLocal) {
        if (srcLocal) {
            return dstLocal ? "internal" : "outbound";
        }
        return dstLocal ? "inbound" : "external";
    }

    /** The transport protocol's text; Zeek's few names are taken from constants, not decoded per event. */
    private static String protocol(ZeekEvent event) {
        JsonValue value = event.normalized().get("protocol");
        if (value == null || value.isNull()) {
            return null;
        }
        for (String known : TRANSPORTS) {
            if (value.isText(known)) {
                return known;
            }
        }
        return value.text();
    }

    /** A port number (0 to 65535; ICMP's type or code), given as a JSON number or as text; -1 when there is none. */
    private static int port(JsonValue value) {
        if (value == null) {
            return -1;
        }
        long port = -1;
        if (value.fitsLong()) {
            port = value.longValue();
        } else if (value.kind() == JsonValue.Kind.STRING) {
            try {
                port = Long.parseLong(value.text().trim());
            } catch (NumberFormatException notANumber) {
                return -1;
            }
        }
        return port >= 0 && port <= 0xffff ? (int) port : -1;
    }

    private static String text(ZeekEvent event, String normalizedName) {
        JsonValue value = event.normalized().get(normalizedName);
        return value == null || value.isNull() ? null : value.text();
    }

    /**
     * The UTC time parts of the hour last asked for: events mostly share an hour, so the calendar is
     * worked out (and the year boxed) once per hour, not per event. Used by one thread.
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
