package io.zeekpipeline.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zeekpipeline.ops.StartupTimeline;

/**
 * The application's start-up timeline, read from its log: the INFO line (logger {@code startup})
 * {@code start-up timeline (ms since the JVM start): main=105 settings=180 ... first-record=1760}. Stateless.
 */
final class LoggedTimeline {

    private static final Pattern LINE =
            Pattern.compile(Pattern.quote(StartupTimeline.PREFIX) + "((?: [a-z][a-z-]*=\\d+)+)");
    private static final Pattern PAIR = Pattern.compile("([a-z][a-z-]*)=(\\d+)");

    private LoggedTimeline() {
    }

    /** Every name and millis of the first such line, in the order logged; empty when the log has none. */
    static Map<String, Long> parse(String log) {
        Map<String, Long> timeline = new LinkedHashMap<>();
        Matcher line = LINE.matcher(log);
        if (line.find()) {
            Matcher pair = PAIR.matcher(line.group(1));
            while (pair.find()) {
                timeline.put(pair.group(1), Long.parseLong(pair.group(2)));
            }
        }
        return timeline;
    }
}
