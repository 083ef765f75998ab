package io.zeekpipeline.deadletter;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a send failure that no retry can cure because of the record itself (too large, invalid)
 * from one worth retrying (broker down, leader moved, disk full). Stateless.
 */
public final class SendFailures {

    private SendFailures() {
    }

    /** True when the broker or producer refused this very record and would refuse it at every try. */
    public static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return false;
            }
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidRecordException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }
}
