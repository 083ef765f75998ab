package io.zeekpipeline.parquet;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.zeekpipeline.normalize.NormalizationRules;

/** Builds each log type's {@link LogTypeLayout} once, on first use. Thread-safe. */
public final class LogTypeLayouts {

    /** Zeek's connection and file ids, unique to (nearly) every record: pipeline.parquet.plain-columns. */
    public static final Set<String> DEFAULT_PLAIN_COLUMNS = Set.of("flow_id", "uid", "fuid");

    private final NormalizationRules rules;
    private final ZeekSchemas schemas;
    private final boolean includeRawLog;
    private final Set<String> plainColumns;
    private final Map<String, LogTypeLayout> layouts = new ConcurrentHashMap<>();

    /**
     * {@code plainColumns} names the columns written without a dictionary whatever their type:
     * values unique to a record (Zeek's uid) only fill a dictionary that Parquet then throws away.
     */
    public LogTypeLayouts(NormalizationRules rules, ZeekSchemas schemas, boolean includeRawLog, Set<String> plainColumns) {
        this.rules = rules;
        this.schemas = schemas;
        this.includeRawLog = includeRawLog;
        this.plainColumns = Set.copyOf(plainColumns);
    }

    public LogTypeLayout forLogType(String logType) {
        return layouts.computeIfAbsent(logType,
                t -> new LogTypeLayout(t, rules.ruleFor(t), schemas.fieldsOf(t), includeRawLog, plainColumns));
    }
}
