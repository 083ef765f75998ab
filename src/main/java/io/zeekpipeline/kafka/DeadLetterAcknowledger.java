package io.zeekpipeline.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * After the dead-letter producer's acknowledgement: marks the rejected record as delivered, so its
 * offset may be committed once its poll completes. Stateless and thread-safe.
 */
public class DeadLetterAcknowledger implements Processor {

    @Override
    public void process(Exchange exchange) {
        RejectedRecord rejected = exchange.getProperty(DeadLetterPreparer.REJECTED, RejectedRecord.class);
        if (rejected == null) {
            throw new IllegalStateException("no " + DeadLetterPreparer.REJECTED + " property: prepare-dead-letter must run first");
        }
        rejected.record().deadLettered();
    }
}
