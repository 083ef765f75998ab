package io.zeekpipeline.kafka;

/** Where a consumed record came from. Immutable. */
public record SourceRecord(String topic, int partition, long offset) {
}
