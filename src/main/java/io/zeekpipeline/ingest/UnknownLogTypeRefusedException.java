package io.zeekpipeline.ingest;

/**
 * A record of a log type without a normalization rule, refused because the limit of such types
 * (pipeline.input.max-unknown-log-types) was reached: a valid Zeek record, dead-lettered so it can
 * be replayed once normalization.json lists its type.
 */
public class UnknownLogTypeRefusedException extends RuntimeException {

    public UnknownLogTypeRefusedException(String message) {
        super(message);
    }
}
