package io.zeekpipeline;

/**
 * Names of the exchange headers and properties the pipeline sets; none starts with "Camel", which
 * camel-kafka would drop from produced records.
 */
public final class ZeekHeaders {

    /** Detected Zeek log path, e.g. {@code conn}; set by the log type detector. */
    public static final String LOG_TYPE = "zeekLogType";
    /** True when normalization.json has a rule for the detected log type. */
    public static final String LOG_TYPE_KNOWN = "zeekLogTypeKnown";
    /** Header with the {@code ConsumedRecord} (source topic, partition, offset and, once detected, the event), set first. */
    public static final String RECORD = "zeekRecord";
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
    /** Output record header: stable event id (topic-partition-offset) so consumers can drop replays. */
    public static final String EVENT_ID = "zeek-event-id";
    private ZeekHeaders() {
    }
}
