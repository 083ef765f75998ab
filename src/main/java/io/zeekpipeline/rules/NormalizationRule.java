package io.zeekpipeline.rules;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.json.JsonValue;

/**
 * One log type's entry of normalization.json: raw field to normalized name promotions and static
 * keys (both in file order) and enrichment flags, with what the per-event steps look up worked out
 * once. Immutable and thread-safe.
 */
public final class NormalizationRule {

    private final String logType;
    private final String source;
    private final Map<String, String> promote;
    private final Map<String, String> statics;
    private final Set<Enrichment> enrichments;
    private final Map<String, Class<?>> geoFields;
    private final Set<String> targets;
    private final List<Promotion> promotions;
    private final JsonValue eventType;
    private final JsonValue eventClass;
    private final List<StaticValue> otherStatics;

    /**
     * A raw field and the normalized name it moves to. The names are interned, as the scanner's are: the
     * events' field maps find them by identity.
     */
    public record Promotion(String from, String to) {
        public Promotion {
            from = from.intern();
            to = to.intern();
        }
    }

    /** A static key (interned, as the promotions' names) and its value, one value shared by every event. */
    public record StaticValue(String name, JsonValue value) {
        public StaticValue {
            name = name.intern();
        }
    }

    public NormalizationRule(String logType, String source, Map<String, String> promote, Map<String, String> statics,
            Set<Enrichment> enrichments) {
        this(logType, source, promote, statics, enrichments, Map.of());
    }

    private NormalizationRule(String logType, String source, Map<String, String> promote,
            Map<String, String> statics, Set<Enrichment> enrichments, Map<String, Class<?>> geoFields) {
        this.geoFields = Collections.unmodifiableMap(new LinkedHashMap<>(geoFields));
        this.logType = logType;
        this.source = source;
        this.promote = Collections.unmodifiableMap(new LinkedHashMap<>(promote));
        this.statics = Collections.unmodifiableMap(new LinkedHashMap<>(statics));
        this.enrichments = Collections.unmodifiableSet(enrichments.isEmpty() ? EnumSet.noneOf(Enrichment.class)
                : EnumSet.copyOf(enrichments));
        this.targets = Set.copyOf(promote.values());
        this.promotions = this.promote.entrySet().stream().map(e -> new Promotion(e.getKey(), e.getValue())).toList();
        String type = statics.get(EventFields.EVENT_TYPE);
        this.eventType = type == null ? null : JsonValue.ofText(type);
        this.eventClass = JsonValue.ofText(statics.getOrDefault(EventFields.EVENT_CLASS, "unknown"));
        this.otherStatics = this.statics.entrySet().stream()
                .filter(e -> !e.getKey().equals(EventFields.EVENT_TYPE) && !e.getKey().equals(EventFields.EVENT_CLASS))
                .map(e -> new StaticValue(e.getKey(), JsonValue.ofText(e.getValue())))
                .toList();
    }

    public String logType() {
        return logType;
    }

    public String source() {
        return source;
    }

    /** Raw Zeek name → normalized name, in file order. */
    public Map<String, String> promote() {
        return promote;
    }

    /** Static keys added to every event, in file order. */
    public Map<String, String> statics() {
        return statics;
    }

    /**
     * This rule with the fields the GeoIP/ASN databases give (empty = none configured), written where the rule
     * switches {@link Enrichment#GEO} on.
     */
    public NormalizationRule withGeoFields(Map<String, Class<?>> fields) {
        return new NormalizationRule(logType, source, promote, statics, enrichments, fields);
    }

    /** True when the rule switches {@code enrichment} on. */
    public boolean enriches(Enrichment enrichment) {
        return enrichments.contains(enrichment);
    }

    /** True when some raw field is promoted to {@code target}, e.g. conn's service → service. */
    public boolean promotesTo(String target) {
        return targets.contains(target);
    }

    /** The promotions in file order. */
    public List<Promotion> promotions() {
        return promotions;
    }

    /** The static event_type, or null when events take their log type. */
    public JsonValue eventType() {
        return eventType;
    }

    /** The static event_class, "unknown" when the rule has none. */
    public JsonValue eventClass() {
        return eventClass;
    }

    /** The static keys besides event_type and event_class, in file order. */
    public List<StaticValue> otherStatics() {
        return otherStatics;
    }

    @Override
    public String toString() {
        return "NormalizationRule[" + logType + ", promote=" + promote + ", static=" + statics + ", enrich="
               + enrichments + "]";
    }

    /** Names and Java types of the enriched fields the rule produces, in column order. */
    public Map<String, Class<?>> enrichedFields() {
        Map<String, Class<?>> fields = new LinkedHashMap<>();
        if (enriches(Enrichment.TIME)) {
            for (String part : EventFields.TIME_PARTS) {
                fields.put(part, Integer.class);
            }
        }
        if (enriches(Enrichment.NETWORK)) {
            fields.put(EventFields.SRC_PRIVATE, Boolean.class);
            fields.put(EventFields.DST_PRIVATE, Boolean.class);
            if (!promotesTo(EventFields.DIRECTION)) {
                fields.put(EventFields.DIRECTION, String.class);
            }
        }
        if (enriches(Enrichment.SERVICE) && !promotesTo(EventFields.SERVICE)) {
            fields.put(EventFields.SERVICE, String.class);
        }
        if (enriches(Enrichment.COMMUNITY_ID)) {
            fields.put(EventFields.COMMUNITY_ID, String.class);
        }
        if (enriches(Enrichment.GEO)) {
            fields.putAll(geoFields);
        }
        return fields;
    }
}
