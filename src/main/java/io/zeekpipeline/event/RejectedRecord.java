package io.zeekpipeline.event;

/** A consumed record that cannot become an event, and why: bound for the dead-letter topic. Immutable. */
public record RejectedRecord(ConsumedRecord record, Exception cause) {
}
