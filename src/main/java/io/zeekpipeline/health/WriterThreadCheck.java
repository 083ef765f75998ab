package io.zeekpipeline.health;

import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness check {@code pipeline/parquet-writers}: DOWN for good once a thread of the Parquet writer
 * pool ({@link #POOL}) died of an exception its task did not handle, since the batch it was writing is
 * then never durable and its offsets never committed. Sees the pool's threads by wrapping the thread
 * factory Camel makes for it. Thread-safe.
 */
public final class WriterThreadCheck extends PipelineHealthCheck
        implements ExecutorServiceManager.ThreadFactoryListener {

    /** The name of the Parquet writer thread pool. */
    public static final String POOL = "parquet-writer";

    private static final Logger LOG = LoggerFactory.getLogger("health");

    private final AtomicInteger died = new AtomicInteger();
    private final AtomicReference<String> firstDeath = new AtomicReference<>();

    public WriterThreadCheck() {
        super("parquet-writers", Probe.LIVENESS);
    }

    @Override
    public ThreadFactory onNewThreadFactory(Object source, ThreadFactory factory) {
        if (!(factory instanceof CamelThreadFactory camel && POOL.equals(camel.getName()))) {
            return factory;
        }
        return task -> factory.newThread(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                died(e);
                throw e;
            }
        });
    }

    private void died(Throwable cause) {
        String what = Thread.currentThread().getName() + ": " + cause;
        died.incrementAndGet();
        firstDeath.compareAndSet(null, what);
        LOG.error("liveness DOWN: Parquet writer thread died | {}", what, cause);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int count = died.get();
        builder.detail("dead_writer_threads", count);
        if (count == 0) {
            builder.up();
        } else {
            builder.message(count + " Parquet writer thread(s) died, first " + firstDeath.get()).down();
        }
    }
}
