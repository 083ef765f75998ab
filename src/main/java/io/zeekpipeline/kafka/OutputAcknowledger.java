package io.zeekpipeline.kafka;

import java.util.List;

import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.model.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** After the output producer's acknowledgement: marks the batch's events durable in the output topic. Stateless and thread-safe. */
public class OutputAcknowledger implements Processor {

    private final OffsetTracker tracker;
    private final PipelineMetrics metrics;

    public OutputAcknowledger(OffsetTracker tracker, PipelineMetrics metrics) {
        this.tracker = tracker;
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<ZeekEvent> events = exchange.getProperty(ZeekHeaders.BATCH_EVENTS, List.class);
        if (events == null) {
            throw new IllegalStateException("no " + ZeekHeaders.BATCH_EVENTS + " on the batch: serialize it first");
        }
        tracker.acknowledge(events, OffsetTracker.KAFKA);
        metrics.outputSent(events.size());
    }
}
