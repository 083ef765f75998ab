package io.zeekpipeline.output;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * After the output producer's acknowledgement: marks the batch's events durable in the output topic.
 * Stateless and thread-safe.
 */
public class OutputAcknowledger implements Processor {

    private final Delivery delivery;
    private final PipelineMetrics metrics;

    public OutputAcknowledger(Delivery delivery, PipelineMetrics metrics) {
        this.delivery = delivery;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        OutputBatch batch = exchange.getIn().getBody(OutputBatch.class);
        if (batch == null) {
            throw new IllegalStateException("the body after the output producer must be the OutputBatch it sent");
        }
        delivery.durable(batch.offsets(), Output.KAFKA);
        batch.sizeByLogType().forEach(metrics::outputSent);
        metrics.inFlight(-batch.bytes());
    }
}
