package io.zeekpipeline.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Admits at most {@code maxTypes} distinct log types without a normalization rule within a sliding
 * window: a type stays admitted while it was seen within the window, and its slot frees once it was
 * not. Refused types leave no state behind, so any number of them costs nothing. Thread-safe
 * (synchronized; called once per log-type group of a poll, not per record).
 */
public final class UnknownLogTypeLimit {

    private final int maxTypes;
    private final Duration window;
    private final Clock clock;
    /** Admitted types, least recently seen first. */
    private final LinkedHashMap<String, Admitted> admitted = new LinkedHashMap<>(16, 0.75f, true);

    /** When an admitted type was last seen, and its records since it was admitted. */
    private static final class Admitted {
        private long lastSeenMillis;
        private long records;
    }

    public UnknownLogTypeLimit(int maxTypes, Duration window, Clock clock) {
        if (maxTypes < 0) {
            throw new IllegalArgumentException("maxTypes must be 0 or more, was " + maxTypes);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.maxTypes = maxTypes;
        this.window = window;
        this.clock = clock;
    }

    /** True when the type's {@code records} may flow: it was admitted within the window, or a slot is free. */
    public synchronized boolean admit(String logType, int records) {
        long now = clock.millis();
        expire(now);
        Admitted entry = admitted.get(logType);
        if (entry == null) {
            if (admitted.size() >= maxTypes) {
                return false;
            }
            entry = new Admitted();
            admitted.put(logType, entry);
        }
        entry.lastSeenMillis = now;
        entry.records += records;
        return true;
    }

    /** The admitted types with their records since admission, by name. */
    public synchronized Map<String, Long> admittedTypes() {
        expire(clock.millis());
        Map<String, Long> copy = new TreeMap<>();
        admitted.forEach((type, entry) -> copy.put(type, entry.records));
        return copy;
    }

    public int maxTypes() {
        return maxTypes;
    }

    public Duration window() {
        return window;
    }

    /**
     * Drops the types not seen within the window; the least recently seen come first, so this stops at the first kept.
     */
    private void expire(long now) {
        long oldestKept = now - window.toMillis();
        for (Iterator<Admitted> it = admitted.values().iterator(); it.hasNext();) {
            if (it.next().lastSeenMillis > oldestKept) {
                return;
            }
            it.remove();
        }
    }
}
