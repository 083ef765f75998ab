package io.zeekpipeline.ops;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A WARN logger that writes at most one line per interval and reports how many it held back, so a
 * flood of bad input cannot flood the log. Thread-safe.
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
        long now = System.currentTimeMillis();
        long allowed = nextAllowed.get();
        if (now >= allowed && nextAllowed.compareAndSet(allowed, now + intervalMillis)) {
            long held = suppressed.getAndSet(0);
            logger.warn(held == 0 ? format : format + " (" + held + " similar lines suppressed)", args);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
