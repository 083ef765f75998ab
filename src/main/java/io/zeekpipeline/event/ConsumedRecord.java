package io.zeekpipeline.event;

/**
 * One consumed Kafka record: where it came from, its key, value and broker timestamp, which outputs took
 * it, whether it was rejected and whether the dead letters acknowledged it. The marks are volatile
 * (one per output, so the two output legs never overwrite each other's); the rest is immutable.
 */
public final class ConsumedRecord {

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestampMillis;
    private final byte[] value;
    private final String key;
    private volatile boolean handedToParquet;
    private volatile boolean handedToKafka;
    private volatile boolean rejected;
    private volatile boolean deadLettered;
    private String eventId;

    public ConsumedRecord(String topic, int partition, long offset, long timestampMillis, byte[] value) {
        this(topic, partition, offset, timestampMillis, value, null);
    }

    /** @param key the record's Kafka key, null when it has none */
    public ConsumedRecord(String topic, int partition, long offset, long timestampMillis, byte[] value, String key) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMillis = timestampMillis;
        this.value = value;
        this.key = key;
    }

    /** The record's Kafka key, null when it has none. */
    public String key() {
        return key;
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

    /** Records that a batch of the output took this record. */
    public void handedTo(Output output) {
        switch (output) {
            case PARQUET -> handedToParquet = true;
            case KAFKA -> handedToKafka = true;
        }
    }

    /** Whether a batch of the output took this record. */
    public boolean isHandedTo(Output output) {
        return switch (output) {
            case PARQUET -> handedToParquet;
            case KAFKA -> handedToKafka;
        };
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
