package io.zeekpipeline.parquet.rows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.zeekpipeline.rules.NormalizationRules;

/**
 * Builds each log type's {@link LogTypeLayout} on first use and keeps it: every layout of a type
 * normalization.json lists, and the most recently used {@code maxUnknownLayouts} of the others (a
 * layout evicted is built again, the same, when its type comes back). Thread-safe.
 */
public final class LogTypeLayouts {

    /** Zeek's connection and file ids, unique to (nearly) every record: pipeline.parquet.plain-columns. */
    public static final Set<String> DEFAULT_PLAIN_COLUMNS = Set.of("flow_id", "uid", "fuid");

    private final NormalizationRules rules;
    private final ZeekSchemas schemas;
    private final boolean includeRawLog;
    private final Set<String> plainColumns;
    private final Map<String, LogTypeLayout> known = new ConcurrentHashMap<>();
    /** Layouts of log types without a rule, least recently used first. */
    private final Map<String, LogTypeLayout> unknown;

    /**
     * {@code plainColumns} names the columns written without a dictionary whatever their type:
     * values unique to a record (Zeek's uid) only fill a dictionary that Parquet then throws away;
     * {@code maxUnknownLayouts} bounds the layouts kept of log types without a rule.
     */
    public LogTypeLayouts(NormalizationRules rules, ZeekSchemas schemas, boolean includeRawLog,
            Set<String> plainColumns, int maxUnknownLayouts) {
        this.rules = rules;
        this.schemas = schemas;
        this.includeRawLog = includeRawLog;
        this.plainColumns = Set.copyOf(plainColumns);
        this.unknown = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LogTypeLayout> eldest) {
                return size() > maxUnknownLayouts;
            }
        };
    }

    public LogTypeLayout forLogType(String logType) {
        if (rules.has(logType)) {
            return known.computeIfAbsent(logType, this::build);
        }
        synchronized (unknown) {
            LogTypeLayout layout = unknown.get(logType);
            if (layout == null) {
                layout = build(logType);
                unknown.put(logType, layout);
            }
            return layout;
        }
    }

    /** Layouts kept of log types without a rule (at most the limit given). */
    public int unknownLayoutCount() {
        synchronized (unknown) {
            return unknown.size();
        }
    }

    private LogTypeLayout build(String logType) {
        return new LogTypeLayout(logType, rules.ruleFor(logType), schemas.fieldsOf(logType), includeRawLog,
                plainColumns);
    }
}
