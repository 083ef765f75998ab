package io.zeekpipeline.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.zeekpipeline.ZeekPipelineApplication;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real application started in this JVM with property overrides, for tests, the demo and benchmarks. Not
 * thread-safe.
 */
public final class RunningPipeline implements AutoCloseable {

    public static final String MANAGEMENT_PORT = "camel.management.port";

    private final Main main;

    private RunningPipeline(Main main) {
        this.main = main;
    }

    /** Starts the application; its management server takes a free port unless the overrides name one. */
    public static RunningPipeline start(Map<String, String> overrides) throws Exception {
        Map<String, String> settings = new HashMap<>(overrides);
        // tests in this JVM and builds side by side never meet on one port
        settings.putIfAbsent(MANAGEMENT_PORT, String.valueOf(FreePorts.find()));
        Main main = ZeekPipelineApplication.create(settings);
        main.start();
        return new RunningPipeline(main);
    }

    public PipelineMetrics metrics() {
        return bean("pipelineMetrics", PipelineMetrics.class);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** A bean the application bound (see PipelineBeans), e.g. {@code parquetBufferBudget}. */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** Polls the condition every 100 ms; fails with the message when it does not hold in time. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        await(condition, timeout, Duration.ofMillis(100), what);
    }

    /** Polls the condition every {@code interval}; fails with the message when it does not hold in time. */
    public static void await(BooleanSupplier condition, Duration timeout, Duration interval, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(interval.toMillis());
        }
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
