package io.zeekpipeline.deadletter;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.RejectedRecord;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * After the dead-letter producer's acknowledgement: counts the dead letter and marks the rejected
 * record as delivered, so its offset may be committed once its poll completes. Stateless and thread-safe.
 */
public class DeadLetterAcknowledger implements Processor {

    private final Delivery delivery;
    private final PipelineMetrics metrics;

    public DeadLetterAcknowledger(Delivery delivery, PipelineMetrics metrics) {
        this.delivery = delivery;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        RejectedRecord rejected = exchange.getProperty(ZeekHeaders.REJECTED, RejectedRecord.class);
        if (rejected == null) {
            throw new IllegalStateException("no " + ZeekHeaders.REJECTED
                    + " property: prepare-dead-letter must run first");
        }
        acknowledged(rejected);
    }

    /** The dead-letter topic has the rejected record (sent whole, cut, or without its value). */
    void acknowledged(RejectedRecord rejected) {
        // counted only now: a dead letter the broker did not take is not one
        metrics.deadLettered(DeadLetterReason.of(rejected.cause()));
        delivery.deadLettered(rejected.record());
    }
}
