package io.zeekpipeline.normalize;

/** A Kafka message that cannot become a Zeek event; the route sends it to the dead-letter topic. */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
