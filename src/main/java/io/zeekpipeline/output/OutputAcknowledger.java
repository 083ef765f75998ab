package io.zeekpipeline.output;

import io.zeekpipeline.delivery.OffsetTracker;
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
    public void process(Exchange exchange) {
        OutputBatch batch = exchange.getIn().getBody(OutputBatch.class);
        if (batch == null) {
            throw new IllegalStateException("the body after the output producer must be the OutputBatch it sent");
        }
        tracker.acknowledge(batch.offsets(), OffsetTracker.KAFKA);
        metrics.outputSent(batch.size());
        metrics.inFlight(-batch.bytes());
    }
}
