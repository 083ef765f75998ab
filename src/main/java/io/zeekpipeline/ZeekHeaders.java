package io.zeekpipeline;

/**
 * Names of the Kafka record headers the pipeline sets; none starts with "Camel", which camel-kafka
 * would drop from produced records.
 */
public final class ZeekHeaders {

    /** Dead-letter record header: why the message was rejected. */
    public static final String DLQ_ERROR = "zeek-error";
    /** Dead-letter record header: exception class of the rejection. */
    public static final String DLQ_ERROR_CLASS = "zeek-error-class";
    /** Dead-letter record header: the source topic of the rejected message. */
    public static final String DLQ_SOURCE_TOPIC = "zeek-source-topic";
    /** Dead-letter record header: the source partition of the rejected message. */
    public static final String DLQ_SOURCE_PARTITION = "zeek-source-partition";
    /** Dead-letter record header: the source offset of the rejected message. */
    public static final String DLQ_SOURCE_OFFSET = "zeek-source-offset";
    /** Dead-letter record header: "true" when the value is only the start of the original message. */
    public static final String DLQ_TRUNCATED = "zeek-error-truncated";
    /** Dead-letter record header: the original message's size in bytes (set with {@link #DLQ_TRUNCATED}). */
    public static final String DLQ_ORIGINAL_SIZE = "zeek-original-size";
    /** Output record header: stable event id (topic-partition-offset) so consumers can drop replays. */
    public static final String EVENT_ID = "zeek-event-id";

    private ZeekHeaders() {
    }
}
