package io.zeekpipeline.normalize;

import java.util.Map;

/**
 * One log type's entry of normalization.json: raw field to normalized name promotions, static keys
 * and enrichment flags. Immutable.
 */
public record NormalizationRule(String logType, String source, Map<String, String> promote,
        Map<String, String> statics, boolean enrichTime, boolean enrichNetwork) {

    public NormalizationRule {
        promote = Map.copyOf(promote);
        statics = Map.copyOf(statics);
    }

    /** True when some raw field is promoted to {@code target}, e.g. conn's service → service. */
    public boolean promotesTo(String target) {
        return promote.containsValue(target);
    }
}
