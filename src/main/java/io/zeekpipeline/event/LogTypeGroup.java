package io.zeekpipeline.event;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;


/**
 * The events of one poll that share a log type: what the ingest route splits a poll into, so each
 * step runs once per group instead of once per record. Used by one exchange's thread at a time.
 */
public final class LogTypeGroup {

    private final String logType;
    private final boolean known;
    private final List<ZeekEvent> events = new ArrayList<>();

    public LogTypeGroup(String logType, boolean known) {
        this.logType = logType;
        this.known = known;
    }

    public String getLogType() {
        return logType;
    }

    /** True when normalization.json has a rule for the log type (the route's choice reads it). */
    public boolean isKnown() {
        return known;
    }

    public List<ZeekEvent> events() {
        return events;
    }

    public void add(ZeekEvent event) {
        events.add(event);
    }

    /**
     * Runs {@code step} on every event; an event whose step fails leaves the group for the poll's
     * rejects, so one bad record never fails the others.
     */
    public void apply(Consumer<ZeekEvent> step, Rejects rejects) {
        for (Iterator<ZeekEvent> it = events.iterator(); it.hasNext();) {
            ZeekEvent event = it.next();
            try {
                step.accept(event);
            } catch (RuntimeException e) {
                it.remove();
                rejects.add(event.source(), e);
            }
        }
    }
}
