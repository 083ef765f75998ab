package io.zeekpipeline.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one end-to-end run, or the median of each over several runs: named numbers (their JSON keys,
 * each with its decimals) and the start-up timeline. Not thread-safe.
 */
final class RunFigures {

    static final String START_TO_COMMITTED_S = "start_to_committed_s";
    static final String START_TO_COMMITTED_EPS = "start_to_committed_events_per_second";
    static final String FIRST_TO_COMMITTED_S = "first_record_to_committed_s";
    static final String FIRST_TO_COMMITTED_EPS = "first_record_to_committed_events_per_second";
    static final String STEADY_EPS = "steady_events_per_second";
    static final String START_TO_FIRST_MS = "start_to_first_record_ms";
    static final String START_TO_READY_MS = "start_to_ready_ms";
    static final String JVM_CREATED_MS = "jvm_created_ms";
    static final String JVM_INITIALISED_MS = "jvm_initialised_ms";
    static final String PIPELINE_CPU_S = "pipeline_cpu_seconds";
    static final String CPU_S_PER_MILLION = "pipeline_cpu_seconds_per_million_events";
    static final String BROKER_CPU_S = "broker_cpu_seconds";
    static final String PEAK_RSS_MB = "peak_rss_mb";
    static final String HEAP_PEAK_MB = "heap_peak_mb";
    static final String GC_MS = "gc_ms";
    static final String PARQUET_FILES = "parquet_files";
    static final String PARQUET_BYTES_PER_EVENT = "parquet_bytes_per_event";
    static final String PARQUET_ROWS = "parquet_rows";
    static final String OUTPUT_RECORDS = "output_records";
    static final String EXIT_AFTER_COMMIT_MS = "exit_after_commit_ms";
    static final String HOST_BEFORE = "host_sha256_mb_per_s_before";
    static final String HOST_AFTER = "host_sha256_mb_per_s_after";

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, Integer> decimals = new LinkedHashMap<>();
    private final Map<String, Long> timeline = new LinkedHashMap<>();

    /** Sets a figure; NaN where it could not be measured. */
    RunFigures put(String key, double value, int decimalPlaces) {
        values.put(key, value);
        decimals.put(key, decimalPlaces);
        return this;
    }

    /** A figure, NaN when not measured. */
    double get(String key) {
        return values.getOrDefault(key, Double.NaN);
    }

    /** The pairs of the application's start-up timeline line, in its order. */
    RunFigures timeline(Map<String, Long> pairs) {
        timeline.putAll(pairs);
        return this;
    }

    /** Each figure's median over the runs that measured it; the timeline's for the names every run logged. */
    static RunFigures median(List<RunFigures> runs) {
        RunFigures median = new RunFigures();
        for (Map.Entry<String, Integer> figure : runs.get(0).decimals.entrySet()) {
            String key = figure.getKey();
            median.put(key, median(runs.stream().mapToDouble(run -> run.get(key)).filter(v -> !Double.isNaN(v))
                    .toArray()), figure.getValue());
        }
        for (String name : runs.get(0).timeline.keySet()) {
            if (runs.stream().allMatch(run -> run.timeline.containsKey(name))) {
                median.timeline.put(name, Math.round(median(runs.stream()
                        .mapToDouble(run -> run.timeline.get(name)).toArray())));
            }
        }
        return median;
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** The figures as JSON members, rounded to their decimals (null where not measured), then the timeline. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        values.forEach((key, value) -> json.put(key, Double.isNaN(value) ? null
                : BigDecimal.valueOf(value).setScale(decimals.get(key), RoundingMode.HALF_UP)));
        json.put("timeline", timeline);
        return json;
    }

    /** The figures as printed lines. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("start → all committed " + f(START_TO_COMMITTED_S, "%.2f s") + " = "
                  + f(START_TO_COMMITTED_EPS, "%,.0f events/s") + " (headline); first record → all committed "
                  + f(FIRST_TO_COMMITTED_S, "%.2f s") + " = " + f(FIRST_TO_COMMITTED_EPS, "%,.0f events/s"));
        lines.add("steady state (output topic at a third of the records → all committed) "
                  + f(STEADY_EPS, "%,.0f events/s") + "; start → first record " + f(START_TO_FIRST_MS, "%,.0f ms")
                  + ", start → ready " + f(START_TO_READY_MS, "%,.0f ms"));
        lines.add("start-up timeline (ms since the JVM start): " + (timeline.isEmpty() ? "not logged"
                : String.join(" ", timeline.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
                  + "; the JVM was created " + f(JVM_CREATED_MS, "%,.0f ms") + " and initialised "
                  + f(JVM_INITIALISED_MS, "%,.0f ms") + " after the start");
        lines.add("CPU: pipeline " + f(PIPELINE_CPU_S, "%.1f s") + " (start to exit) = "
                  + f(CPU_S_PER_MILLION, "%.1f s") + " per million events, broker " + f(BROKER_CPU_S, "%.1f s")
                  + "; peak RSS " + f(PEAK_RSS_MB, "%,.0f MB") + ", heap peak " + f(HEAP_PEAK_MB, "%,.0f MB")
                  + ", GC " + f(GC_MS, "%,.0f ms"));
        lines.add(f(PARQUET_FILES, "%,.0f") + " Parquet files, " + f(PARQUET_BYTES_PER_EVENT, "%.1f bytes/event")
                  + ", " + f(PARQUET_ROWS, "%,.0f rows") + "; " + f(OUTPUT_RECORDS, "%,.0f output records")
                  + "; the process exited " + f(EXIT_AFTER_COMMIT_MS, "%,.0f ms") + " after the last commit");
        lines.add("host: SHA-256 " + f(HOST_BEFORE, "%,.0f MB/s") + " before the run, " + f(HOST_AFTER, "%,.0f")
                  + " after");
        return lines;
    }

    private String f(String key, String format) {
        double value = get(key);
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
