package io.zeekpipeline.ops;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds Micrometer's JVM meters (memory, GC, threads, class loading, CPU, uptime) to the pipeline's registry on
 * a daemon thread of its own once started, so the start-up does not wait for them: camel.metrics.binders would
 * bind the same on the main thread after reading Micrometer's class index. Thread-safe.
 */
public final class JvmMeters implements Service {

    private static final Logger LOG = LoggerFactory.getLogger("metrics");

    private final MeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile Thread binding;

    public JvmMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void start() {
        List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics());
        Thread thread = new Thread(() -> binders.forEach(binder -> binder.bindTo(registry)), "jvm-meters");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, failure) -> LOG.error("JVM meters not bound: {}", failure.toString()));
        binding = thread;
        thread.start();
    }

    /** Waits for the binding (a stop right after the start), then ends the GC meters' notification listeners. */
    @Override
    public void stop() {
        Thread thread = binding;
        try {
            if (thread != null) {
                thread.join();
            }
        } catch (InterruptedException e) {
            // the stop goes on: the GC listeners are ended either way
            Thread.currentThread().interrupt();
        }
        gc.close();
    }
}
