package io.zeekpipeline.ops;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A logger that writes at most one line per interval and reports how many it held back, so a
 * flood of bad input (or of replayed records) cannot flood the log. Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalMillis;
    private final AtomicLong nextAllowed = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalMillis = intervalMillis;
    }

    public void warn(String format, Object... args) {
        String line = due(format);
        if (line != null) {
            logger.warn(line, args);
        }
    }

    public void info(String format, Object... args) {
        String line = due(format);
        if (line != null) {
            logger.info(line, args);
        }
    }

    /** The format to write now, with the count held back since the last line; null while the interval runs. */
    private String due(String format) {
        long now = System.currentTimeMillis();
        long allowed = nextAllowed.get();
        if (now >= allowed && nextAllowed.compareAndSet(allowed, now + intervalMillis)) {
            long held = suppressed.getAndSet(0);
            return held == 0 ? format : format + " (" + held + " similar lines suppressed)";
        }
        suppressed.incrementAndGet();
        return null;
    }
}
