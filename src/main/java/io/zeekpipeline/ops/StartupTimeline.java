package io.zeekpipeline.ops;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.LoggerFactory;

/**
 * The start-up milestones (main entered, settings read, ..., first record consumed) in milliseconds since the
 * JVM start, logged once as one line on the first record (the benchmark reads it). Thread-safe.
 */
public final class StartupTimeline {

    /** The name the application binds it under. */
    public static final String BEAN = "startupTimeline";
    /** What the logged line starts with, followed by {@code name=millis} pairs in the order they happened. */
    public static final String PREFIX = "start-up timeline (ms since the JVM start):";

    private final LongSupplier uptimeMillis;
    /** Guarded by this; in the order reached. */
    private final Map<String, Long> milestones = new LinkedHashMap<>();
    /** Read on every poll before taking the lock, so the hot path costs one volatile read. */
    private volatile boolean logged;

    public StartupTimeline() {
        this(ManagementFactory.getRuntimeMXBean()::getUptime);
    }

    /** With the given clock of milliseconds since the JVM start. */
    public StartupTimeline(LongSupplier uptimeMillis) {
        this.uptimeMillis = uptimeMillis;
    }

    /** The milestone is reached now, unless it was before (a later rebalance is no start-up milestone). */
    public synchronized void reached(String milestone) {
        milestones.putIfAbsent(milestone, uptimeMillis.getAsLong());
    }

    /** A record was consumed: the first time, records {@code first-record} and logs the timeline. */
    public void recordConsumed() {
        if (logged) {
            return;
        }
        String line;
        synchronized (this) {
            if (logged) {
                return;
            }
            reached("first-record");
            logged = true;
            line = line();
        }
        // looked up only now: the timeline starts before LogSettings configures logging, which a logger would preempt
        LoggerFactory.getLogger("startup").info(line);
    }

    /** The timeline so far, as it is logged. */
    public synchronized String line() {
        StringBuilder line = new StringBuilder(PREFIX);
        milestones.forEach((name, millis) -> line.append(' ').append(name).append('=').append(millis));
        return line.toString();
    }
}
