package io.zeekpipeline.deadletter;

import io.zeekpipeline.event.InvalidMessageException;
import io.zeekpipeline.ingest.UnknownLogTypeRefusedException;

/**
 * The reason class of a dead letter for the metrics' {@code reason} label: a fixed set of names, never
 * the exception's text (which would make a series per message). Stateless.
 */
public final class DeadLetterReason {

    /** Not a Zeek record: empty, too large, malformed JSON or TSV, no log type. */
    public static final String INVALID_MESSAGE = "invalid_message";
    /** A Zeek record of a log type without a rule, over pipeline.input.max-unknown-log-types. */
    public static final String UNKNOWN_LOG_TYPE = "unknown_log_type";
    /** Normalization or enrichment failed on the record, or the output topic refused it. */
    public static final String PROCESSING_FAILED = "processing_failed";

    private DeadLetterReason() {
    }

    public static String of(Exception cause) {
        if (cause instanceof InvalidMessageException) {
            return INVALID_MESSAGE;
        }
        if (cause instanceof UnknownLogTypeRefusedException) {
            return UNKNOWN_LOG_TYPE;
        }
        return PROCESSING_FAILED;
    }
}
