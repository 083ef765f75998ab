package io.zeekpipeline.kafka;

/** One event as its output-topic message (three-layer JSON and event id), with its source coordinates. Immutable. */
public record OutputRecord(byte[] json, String eventId, String topic, int partition, long offset) {
}
