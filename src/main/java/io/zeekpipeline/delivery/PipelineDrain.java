package io.zeekpipeline.delivery;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.ErrorHandler;
import org.apache.camel.spi.ShutdownPrepared;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when the Camel context begins to stop (SIGTERM included), before Camel stops the routes:
 * the consumers pause, every open batch is flushed, both outputs confirm, and the offsets are
 * committed once, synchronously. An output still failing at the drain timeout stops retrying, so
 * the stop ends in time; what it had not written is not committed and is read again after a
 * restart. Used by one stopping thread.
 */
public class PipelineDrain extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("shutdown");
    /** The end of the drain timeout kept for the final commit (at most a fifth of the timeout). */
    private static final Duration COMMIT_SHARE = Duration.ofSeconds(5);

    private final CamelContext context;
    private final CommittingConsumerListener listener;
    private final OffsetTracker tracker;
    private final Duration timeout;

    public PipelineDrain(CamelContext context, CommittingConsumerListener listener, OffsetTracker tracker,
            Duration timeout) {
        this.context = context;
        this.listener = listener;
        this.tracker = tracker;
        this.timeout = timeout;
        // only the context's stop matters; without these Camel would build an event per exchange for us
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long flushDeadline = deadline - Math.min(COMMIT_SHARE.toNanos(), timeout.toNanos() / 5);
        LOG.info("draining | pending_offsets={}", tracker.pending());
        listener.startDraining();
        // what is buffered already is written while the consumers finish their last polls (a few poll
        // timeouts); the second pass takes the records those polls still brought
        int groups = flushOpenBatches();
        if (!Wait.until(listener::consumersIdle, flushDeadline)) {
            LOG.warn("consumers did not pause in time; continuing shutdown");
        }
        groups += flushOpenBatches();
        boolean flushed = Wait.until(() -> tracker.pending() == 0, flushDeadline);
        if (!flushed) {
            LOG.warn("outputs still failing as the drain timeout ends; their retries stop | pending_offsets={} "
                     + "error_handlers={}", tracker.pending(), stopRetries());
        }
        listener.requestFinalCommit();
        boolean committed = Wait.until(listener::finalCommitDone, deadline);
        long pending = tracker.pending();
        if (flushed && committed) {
            LOG.info("drained | batches_flushed={} pending_offsets=0", groups);
        } else {
            LOG.warn("drain incomplete | batches_flushed={} pending_offsets={} committed={}: {} records stay "
                     + "uncommitted (not durable in every output, or after one that is not) and will be read again "
                     + "after a restart", groups, pending, committed, pending);
        }
    }

    /**
     * Tells every error handler that the stop has come, as Camel's shutdown does: a retry of
     * {@code retry-outputs} (no redelivery while stopping) then ends within a second, its batch
     * failed and its records still owed. Camel tells them only after the aggregators' completion on
     * stop, which waits for those very batches, so a failing output would hold the stop until
     * camel.main.shutdown-timeout. Returns how many error handlers were told.
     */
    private int stopRetries() {
        Set<ShutdownPrepared> handlers = new LinkedHashSet<>();
        for (Route route : context.getRoutes()) {
            for (Service service : route.getServices()) {
                for (Service child : ServiceHelper.getChildServices(service, true)) {
                    if (child instanceof ErrorHandler && child instanceof ShutdownPrepared handler) {
                        handlers.add(handler);
                    }
                }
            }
        }
        handlers.forEach(handler -> handler.prepareShutdown(false, false));
        return handlers.size();
    }

    /** Completes every open aggregation group (Parquet and output-topic batches); returns how many. */
    private int flushOpenBatches() {
        int groups = 0;
        for (Route route : context.getRoutes()) {
            for (Processor processor : route.filter("*")) {
                if (processor instanceof AggregateProcessor aggregator) {
                    groups += aggregator.forceCompletionOfAllGroups();
                }
            }
        }
        return groups;
    }
}
