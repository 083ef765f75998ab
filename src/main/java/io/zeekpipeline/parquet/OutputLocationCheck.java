package io.zeekpipeline.parquet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.zeekpipeline.config.InvalidConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.VetoCamelContextStartException;

/**
 * Runs the start-up check of the Parquet output location on a thread of its own while the rest of the pipeline
 * starts, and holds the route consumers back until it passed: Camel calls this listener once the routes are
 * warmed up and before it starts any consumer, so nothing is consumed before the check passed, and a failed
 * check stops the start. Thread-safe.
 */
public final class OutputLocationCheck implements StartupListener {

    private final CompletableFuture<Void> check;

    private OutputLocationCheck(CompletableFuture<Void> check) {
        this.check = check;
    }

    /** Starts {@code check} (e.g. {@link ParquetBatchWriter#checkOutputLocation}) on a daemon thread. */
    public static OutputLocationCheck start(Runnable check) {
        // a daemon: a start that fails elsewhere meanwhile does not wait for it
        return new OutputLocationCheck(CompletableFuture.runAsync(check, task -> {
            Thread thread = new Thread(task, "parquet-output-check");
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** True once the check passed. */
    public boolean passed() {
        return check.isDone() && !check.isCompletedExceptionally();
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        try {
            check.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidConfigurationException mistake) {
                // a veto rather than a failure, which Camel would log with a stack trace: the application refuses
                // the user's mistake (an unwritable location, a codec) in one line
                throw new VetoCamelContextStartException("the start-up check of the Parquet output failed", mistake,
                        context, true);
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw e;
        }
    }
}
