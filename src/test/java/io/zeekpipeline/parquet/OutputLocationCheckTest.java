package io.zeekpipeline.parquet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zeekpipeline.config.InvalidConfigurationException;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLocationCheckTest {

    @Test
    void theConsumersWaitUntilTheCheckPassed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OutputLocationCheck check = OutputLocationCheck.start(() -> await(release));
        CompletableFuture<Void> consumersStart = CompletableFuture.runAsync(() -> {
            try {
                check.onCamelContextStarted(new DefaultCamelContext(), false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThrows(TimeoutException.class, () -> consumersStart.get(300, TimeUnit.MILLISECONDS));
        assertFalse(check.passed());
        release.countDown();
        consumersStart.get(30, TimeUnit.SECONDS);
        assertTrue(check.passed());
    }

    @Test
    void aFailedCheckVetoesTheStartWithItsOwnError() {
        InvalidConfigurationException unwritable =
                new InvalidConfigurationException("cannot write Parquet files (SNAPPY) to pipeline.parquet.base-path");
        OutputLocationCheck check = OutputLocationCheck.start(() -> {
            throw unwritable;
        });

        VetoCamelContextStartException veto = assertThrows(VetoCamelContextStartException.class,
                () -> check.onCamelContextStarted(new DefaultCamelContext(), false));

        assertSame(unwritable, veto.getCause());
        assertTrue(veto.isRethrowException(), "the start throws it, for the application to refuse in one line");
        assertFalse(check.passed());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
