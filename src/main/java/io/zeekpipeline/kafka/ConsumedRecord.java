package io.zeekpipeline.kafka;

import io.zeekpipeline.model.ZeekEvent;

/**
 * A consumed Kafka record on its way through the ingest route: where it came from and, once
 * detected, its event. Carried in the {@code zeekRecord} header; used by one exchange's thread.
 */
public final class ConsumedRecord {

    private final String topic;
    private final int partition;
    private final long offset;
    private ZeekEvent event;

    public ConsumedRecord(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The detected event, or null while the message is not (or cannot be) a Zeek record. */
    public ZeekEvent event() {
        return event;
    }

    public void event(ZeekEvent detected) {
        this.event = detected;
    }
}
