package io.zeekpipeline.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

import io.zeekpipeline.testkit.RunningPipeline;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The writer-thread liveness check on real Camel thread pools. */
class WriterThreadCheckTest {

    @Test
    void downOnceAWriterThreadDiesAndOnlyForTheWriterPool() throws Exception {
        WriterThreadCheck check = new WriterThreadCheck();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getExecutorServiceManager().addThreadFactoryListener(check);
            context.start();
            ExecutorService other = context.getExecutorServiceManager().newFixedThreadPool(this, "other", 1);
            other.execute(() -> {
                throw new IllegalStateException("not a writer");
            });
            ExecutorService writers =
                    context.getExecutorServiceManager().newFixedThreadPool(this, WriterThreadCheck.POOL, 2);
            writers.submit(() -> { }).get();
            assertEquals(HealthCheck.State.UP, check.call().getState());

            writers.execute(() -> {
                throw new IllegalStateException("disk gone");
            });
            RunningPipeline.await(() -> check.call().getState() == HealthCheck.State.DOWN, Duration.ofSeconds(10),
                    "liveness DOWN after a writer thread died");
            HealthCheck.Result result = check.call();
            assertEquals(1, result.getDetails().get("dead_writer_threads"));
            String message = result.getMessage().orElseThrow();
            assertTrue(message.startsWith("1 Parquet writer thread(s) died, first "), message);
            assertTrue(message.endsWith("java.lang.IllegalStateException: disk gone"), message);
            // the pool replaced the thread, but the batch it wrote is lost: the check stays DOWN
            writers.submit(() -> { }).get();
            assertEquals(HealthCheck.State.DOWN, check.call().getState());
        }
    }
}
