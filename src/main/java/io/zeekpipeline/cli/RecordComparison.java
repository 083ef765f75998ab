package io.zeekpipeline.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.zeekpipeline.event.EventFields;

/**
 * Matches the canonical source records and Parquet rows of one log type as multisets (by their text,
 * doubles to 6 decimals; a source record without a time field whatever the row's event_time) and lists the fields
 * of each pair that differ. Not thread-safe.
 */
final class RecordComparison {

    private static final int MAX_EXAMPLES = 20;
    private static final double TOLERANCE = 1e-6;
    private static final int MAX_RECORD_TEXT = 400;
    /** Bounds the search for the closest unexpected row, which is quadratic in the rows sharing a pair key. */
    private static final int MAX_CANDIDATES = 1_000;

    /** The outcome for one log type; {@code examples} holds at most {@value #MAX_EXAMPLES} descriptions. */
    record Result(String logType, long sourceRecords, long parquetRows, long matched, long differences,
            List<String> examples) {
    }

    /** How often one canonical record occurs on each side. */
    private static final class Tally {
        final Map<String, Object> record;
        long expected;
        long actual;

        Tally(Map<String, Object> record) {
            this.record = record;
        }
    }

    private final String logType;
    private final Map<String, Tally> byKey = new HashMap<>();
    private long sourceRecords;
    private long parquetRows;

    RecordComparison(String logType) {
        this.logType = logType;
    }

    void expected(Map<String, Object> record) {
        sourceRecords++;
        tally(record).expected++;
    }

    void actual(Map<String, Object> record) {
        parquetRows++;
        tally(record).actual++;
    }

    private Tally tally(Map<String, Object> record) {
        return byKey.computeIfAbsent(render(record), k -> new Tally(record));
    }

    Result result() {
        long matched = 0;
        List<Map<String, Object>> missing = new ArrayList<>();
        List<Map<String, Object>> unexpectedRows = new ArrayList<>();
        for (Tally t : byKey.values()) {
            matched += Math.min(t.expected, t.actual);
            for (long n = t.actual; n < t.expected; n++) {
                missing.add(t.record);
            }
            for (long n = t.expected; n < t.actual; n++) {
                unexpectedRows.add(t.record);
            }
        }
        matched += matchTimeless(missing, unexpectedRows);
        Map<String, List<Map<String, Object>>> unexpected = new HashMap<>();
        unexpectedRows.forEach(row -> unexpected.computeIfAbsent(pairKey(row), k -> new ArrayList<>()).add(row));
        List<String> examples = new ArrayList<>();
        long differences = 0;
        for (Map<String, Object> expected : missing) {
            Map<String, Object> actual = closest(expected, unexpected.get(pairKey(expected)));
            List<String> fields = actual == null ? List.of() : differingFields(expected, actual);
            if (actual != null && fields.isEmpty()) {
                // equal within the double tolerance, only the 6-decimal rounding of the match key differed
                matched++;
                continue;
            }
            differences++;
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(actual == null ? "missing from Parquet: " + abbreviate(expected)
                        : describe(expected, actual, fields));
            }
        }
        for (List<Map<String, Object>> rest : unexpected.values()) {
            for (Map<String, Object> actual : rest) {
                differences++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add("not in the source: " + abbreviate(actual));
                }
            }
        }
        return new Result(logType, sourceRecords, parquetRows, matched, differences, examples);
    }

    /**
     * Pairs source records without a time field with rows equal in every other column, whatever their event_time:
     * the pipeline gives such a record its arrival time (the Kafka timestamp), which the source cannot tell.
     * Removes the pairs from both lists and returns how many there were.
     */
    private static long matchTimeless(List<Map<String, Object>> missing, List<Map<String, Object>> rows) {
        Map<String, Integer> owed = new HashMap<>();
        missing.stream().filter(record -> !record.containsKey(EventFields.EVENT_TIME))
                .forEach(record -> owed.merge(render(record), 1, Integer::sum));
        if (owed.isEmpty()) {
            return 0;
        }
        Map<String, Integer> found = new HashMap<>();
        rows.removeIf(row -> {
            Map<String, Object> withoutTime = new TreeMap<>(row);
            withoutTime.remove(EventFields.EVENT_TIME);
            String key = render(withoutTime);
            boolean pair = take(owed, key);
            if (pair) {
                found.merge(key, 1, Integer::sum);
            }
            return pair;
        });
        long pairs = found.values().stream().mapToLong(Integer::longValue).sum();
        missing.removeIf(record -> !record.containsKey(EventFields.EVENT_TIME) && take(found, render(record)));
        return pairs;
    }

    /** Takes one from the count of the key; false when none is left. */
    private static boolean take(Map<String, Integer> counts, String key) {
        Integer count = counts.get(key);
        if (count == null) {
            return false;
        }
        if (count == 1) {
            counts.remove(key);
        } else {
            counts.put(key, count - 1);
        }
        return true;
    }

    private static String pairKey(Map<String, Object> record) {
        return render(record.get(EventFields.EVENT_TIME)) + "|"
               + render(record.get(EventFields.FLOW_ID));
    }

    /** Takes the candidate with the fewest differing fields: several records can share a time and lack a flow_id. */
    private static Map<String, Object> closest(Map<String, Object> expected, List<Map<String, Object>> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            return null;
        }
        int best = 0;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < Math.min(candidates.size(), MAX_CANDIDATES) && fewest > 0; i++) {
            int count = differingFields(expected, candidates.get(i)).size();
            if (count < fewest) {
                best = i;
                fewest = count;
            }
        }
        // swap-remove: the order of the candidates does not matter
        Map<String, Object> chosen = candidates.get(best);
        candidates.set(best, candidates.get(candidates.size() - 1));
        candidates.remove(candidates.size() - 1);
        return chosen;
    }

    /** Names of the fields whose values differ, in name order. */
    private static List<String> differingFields(Map<String, Object> expected, Map<String, Object> actual) {
        TreeSet<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        names.removeIf(name -> same(expected.get(name), actual.get(name)));
        return List.copyOf(names);
    }

    private static String describe(Map<String, Object> expected, Map<String, Object> actual, List<String> fields) {
        StringBuilder description = new StringBuilder("differs, ").append(identity(expected));
        for (String name : fields) {
            description.append("\n    ").append(name).append(": expected ").append(text(expected.get(name)))
                    .append(" vs actual ").append(text(actual.get(name)));
        }
        return description.toString();
    }

    private static String text(Object value) {
        return value == null ? "(absent)" : render(value);
    }

    private static String identity(Map<String, Object> record) {
        Object time = record.get(EventFields.EVENT_TIME);
        String when = time instanceof BigInteger micros
                ? Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS).toString() : text(time);
        return "event_time " + when + ", flow_id " + text(record.get(EventFields.FLOW_ID));
    }

    private static String abbreviate(Map<String, Object> record) {
        String text = render(record);
        return text.length() <= MAX_RECORD_TEXT ? text : text.substring(0, MAX_RECORD_TEXT) + "...";
    }

    /** Text of a canonical value; doubles rounded to 6 decimals, so the text of equal records is equal. */
    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d)
                    ? BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                    : d.toString();
        }
        if (value instanceof String s) {
            return quoted(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RecordComparison::render).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> render(e.getKey()) + ":" + render(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return value.toString();
    }

    /** JSON string syntax, written out by hand: Jackson's TextNode.toString costs a generator per call. */
    private static String quoted(String s) {
        StringBuilder text = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\').append(c);
            } else if (c < 0x20) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        return text.append('"').toString();
    }

    /** Equality of canonical values, finite doubles within 1e-6 (Zeek's TSV writer keeps 6 decimals). */
    static boolean same(Object a, Object b) {
        if (a instanceof Double || b instanceof Double) {
            // NaN and the infinities equal only themselves
            return a instanceof Number x && b instanceof Number y
                    && (Double.compare(x.doubleValue(), y.doubleValue()) == 0
                        || Math.abs(x.doubleValue() - y.doubleValue()) <= TOLERANCE);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        return Objects.equals(a, b);
    }
}
