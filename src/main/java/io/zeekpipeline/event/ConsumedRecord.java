package io.zeekpipeline.event;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumed Kafka record: where it came from, its value and broker timestamp, and which outputs
 * took it (bits of {@link OffsetTracker}), whether it was rejected and whether the dead letters
 * acknowledged it. The bits are atomic because the two output legs set theirs; the flags are
 * volatile; the rest is immutable.
 */
public final class ConsumedRecord {

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestampMillis;
    private final byte[] value;
    private final AtomicInteger handedOff = new AtomicInteger();
    private volatile boolean rejected;
    private volatile boolean deadLettered;
    private String eventId;

    public ConsumedRecord(String topic, int partition, long offset, long timestampMillis, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMillis = timestampMillis;
        this.value = value;
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

    /** The record's Kafka timestamp (producer or broker time), negative when it has none. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** The message value exactly as consumed. */
    public byte[] value() {
        return value;
    }

    /** Records that an output batch took this record. */
    public void handedTo(int outputBit) {
        handedOff.getAndUpdate(bits -> bits | outputBit);
    }

    /** Bits of the outputs whose batches took this record. */
    public int handedOff() {
        return handedOff.get();
    }

    /** The record cannot become an event (or an output message) and is bound for the dead letters. */
    public void rejected() {
        rejected = true;
    }

    public boolean isRejected() {
        return rejected;
    }

    /** The dead-letter topic acknowledged this record. */
    public void deadLettered() {
        deadLettered = true;
    }

    public boolean isDeadLettered() {
        return deadLettered;
    }

    /** Stable id derived from the source coordinates, so consumers of the output can drop replays. */
    public String eventId() {
        // built once: both outputs ask for it; a race at worst builds the same string twice
        String id = eventId;
        if (id == null) {
            id = topic + "-" + partition + "-" + offset;
            eventId = id;
        }
        return id;
    }
}
