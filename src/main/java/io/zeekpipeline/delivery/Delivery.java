package io.zeekpipeline.delivery;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.SourceOffsets;

/**
 * What the output legs tell about the records they took, so that an offset is committed only once
 * its record is durable in every enabled output or in the dead letters: a batch took it, a batch is
 * durable, a published file holds it already, the dead-letter topic has it. Thread-safe.
 */
public final class Delivery {

    private final OffsetTracker tracker;

    public Delivery(OffsetTracker tracker) {
        this.tracker = tracker;
    }

    /** A batch of the output took the record: that output now acknowledges it, with its batch. */
    public void handedTo(ConsumedRecord record, Output output) {
        record.handedTo(output);
    }

    /** The batch's records are durable in the output (a file renamed into place, the broker's acknowledgement). */
    public void durable(SourceOffsets batch, Output output) {
        tracker.acknowledge(batch, output);
    }

    /** The output holds the record already (read again after a crash): taken and durable at once. */
    public void alreadyDurable(ConsumedRecord record, Output output) {
        record.handedTo(output);
        tracker.acknowledge(record.topic(), record.partition(), record.offset(), output);
    }

    /**
     * The dead-letter topic acknowledged the rejected record: when its poll completes, the outputs no
     * batch took are released.
     */
    public void deadLettered(ConsumedRecord record) {
        record.deadLettered();
    }
}
