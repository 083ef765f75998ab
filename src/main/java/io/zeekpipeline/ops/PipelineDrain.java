package io.zeekpipeline.ops;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.zeekpipeline.kafka.CommittingConsumerListener;
import io.zeekpipeline.kafka.OffsetTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when the Camel context begins to stop (SIGTERM included), before Camel stops the routes:
 * the consumers pause, every open batch is flushed, both outputs confirm, and the offsets are
 * committed once, synchronously. What does not finish within the drain timeout is read again after
 * a restart. Used by one stopping thread.
 */
public class PipelineDrain extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("shutdown");

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
        LOG.info("draining | pending_offsets={}", tracker.pending());
        listener.startDraining();
        // what is buffered already is written while the consumers finish their last polls (a few poll
        // timeouts); the second pass takes the records those polls still brought
        int groups = flushOpenBatches();
        if (!waitFor(listener::consumersIdle, deadline)) {
            LOG.warn("consumers did not pause in time; continuing shutdown");
        }
        groups += flushOpenBatches();
        boolean flushed = waitFor(() -> tracker.pending() == 0, deadline);
        listener.requestFinalCommit();
        boolean committed = waitFor(listener::finalCommitDone, deadline);
        if (flushed && committed) {
            LOG.info("drained | batches_flushed={} pending_offsets=0", groups);
        } else {
            LOG.warn("drain incomplete | batches_flushed={} pending_offsets={} committed={}: "
                     + "uncommitted records will be read again after a restart", groups, tracker.pending(), committed);
        }
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

    private static boolean waitFor(BooleanSupplier condition, long deadline) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
