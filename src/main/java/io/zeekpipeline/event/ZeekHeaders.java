package io.zeekpipeline.event;

/**
 * Every name the routes and the Java code share through an exchange, in one place: the message headers
 * and exchange properties a route may read, and the headers of the records the pipeline sends to Kafka
 * (none starts with "Camel", which camel-kafka would drop from produced records). routes/README.md
 * lists them with their types and the steps that set and read them. Constants only.
 */
public final class ZeekHeaders {

    /** Message header of each log-type group in the ingest route's split: the group's log type (String). */
    public static final String LOG_TYPE = "zeekLogType";
    /** Message header of each log-type group: true (Boolean) when normalization.json has a rule for the log type. */
    public static final String KNOWN_LOG_TYPE = "zeekKnownLogType";

    /**
     * Exchange property of a poll: its {@code Rejects}, shared by split and multicast copies; set by register-offsets.
     */
    public static final String REJECTS = "zeekRejects";
    /** Exchange property of a dead letter: its {@code RejectedRecord}, kept while the body is the message to send. */
    public static final String REJECTED = "zeekRejected";

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
