package io.zeekpipeline.rules;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.zeekpipeline.event.EventFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * All rules of normalization.json (seed format), keyed by log type, with the {@code _default}
 * entry used for log types the file does not list. Immutable and thread-safe.
 */
public final class NormalizationRules {

    /** Key of the rule applied to log types without an entry of their own. */
    public static final String DEFAULT_KEY = "_default";
    /** The seed's loader dropped this vestigial key; so do we. */
    private static final String VESTIGIAL_KEY = "common_enrichment";

    private final Map<String, NormalizationRule> rules;
    private final NormalizationRule fallback;

    private NormalizationRules(Map<String, NormalizationRule> rules, NormalizationRule fallback) {
        this.rules = Map.copyOf(rules);
        this.fallback = fallback;
    }

    public static NormalizationRules load(InputStream json, String origin, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(origin
                    + ": normalization rules must be a JSON object keyed by log type");
        }
        Map<String, NormalizationRule> rules = new HashMap<>();
        NormalizationRule fallback = null;
        for (var it = root.fields(); it.hasNext();) {
            var entry = it.next();
            String logType = entry.getKey();
            if (VESTIGIAL_KEY.equals(logType)) {
                continue;
            }
            NormalizationRule rule = parseRule(logType, entry.getValue(), origin);
            if (DEFAULT_KEY.equals(logType)) {
                fallback = rule;
            } else {
                rules.put(logType, rule);
            }
        }
        if (fallback == null) {
            fallback = new NormalizationRule(DEFAULT_KEY, "zeek", Map.of("ts", EventFields.EVENT_TIME),
                    Map.of(EventFields.EVENT_CLASS, "unknown"), EnumSet.of(Enrichment.TIME));
        }
        return new NormalizationRules(rules, fallback);
    }

    private static NormalizationRule parseRule(String logType, JsonNode node, String origin) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(origin + ": rule '" + logType + "' must be an object");
        }
        Map<String, String> promote = stringMap(node.get("promote"), origin, logType + ".promote");
        Set<String> seen = new java.util.HashSet<>();
        for (String target : promote.values()) {
            if (!seen.add(target)) {
                throw new IllegalArgumentException(origin + ": rule '" + logType
                                                   + "' promotes two fields to '" + target + "'");
            }
        }
        return new NormalizationRule(logType, node.path("source").asText("zeek_" + logType), promote,
                stringMap(node.get("static"), origin, logType + ".static"), enrichments(node.path("enrich")));
    }

    /**
     * The enrichments an {@code enrich} object switches on: time and network default to off; the others, split
     * out of network later, default to network's value so that older files keep what network gave them.
     */
    private static Set<Enrichment> enrichments(JsonNode enrich) {
        Set<Enrichment> on = EnumSet.noneOf(Enrichment.class);
        boolean network = enrich.path(Enrichment.NETWORK.key()).asBoolean(false);
        for (Enrichment enrichment : Enrichment.values()) {
            boolean byDefault = enrichment != Enrichment.TIME && network;
            if (enrich.path(enrichment.key()).asBoolean(byDefault)) {
                on.add(enrichment);
            }
        }
        return on;
    }

    private static Map<String, String> stringMap(JsonNode node, String origin, String where) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(origin + ": '" + where + "' must be an object of strings");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(origin + ": '" + where + "." + e.getKey() + "' must be a string");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    /** These rules with the fields the GeoIP/ASN databases give ({@link NormalizationRule#withGeoFields}). */
    public NormalizationRules withGeoFields(Map<String, Class<?>> fields) {
        Map<String, NormalizationRule> withFields = new HashMap<>();
        rules.forEach((logType, rule) -> withFields.put(logType, rule.withGeoFields(fields)));
        return new NormalizationRules(withFields, fallback.withGeoFields(fields));
    }

    public boolean has(String logType) {
        return rules.containsKey(logType);
    }

    /** The rule for {@code logType}, or the default rule when the file has none. */
    public NormalizationRule ruleFor(String logType) {
        return rules.getOrDefault(logType, fallback);
    }

    public Set<String> logTypes() {
        return rules.keySet();
    }
}
