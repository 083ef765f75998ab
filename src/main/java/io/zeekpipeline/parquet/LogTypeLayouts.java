package io.zeekpipeline.parquet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zeekpipeline.normalize.NormalizationRules;

/** Builds each log type's {@link LogTypeLayout} once, on first use. Thread-safe. */
public final class LogTypeLayouts {

    private final NormalizationRules rules;
    private final ZeekSchemas schemas;
    private final boolean includeRawLog;
    private final Map<String, LogTypeLayout> layouts = new ConcurrentHashMap<>();

    public LogTypeLayouts(NormalizationRules rules, ZeekSchemas schemas, boolean includeRawLog) {
        this.rules = rules;
        this.schemas = schemas;
        this.includeRawLog = includeRawLog;
    }

    public LogTypeLayout forLogType(String logType) {
        return layouts.computeIfAbsent(logType,
                t -> new LogTypeLayout(t, rules.ruleFor(t), schemas.fieldsOf(t), includeRawLog));
    }
}
