package io.zeekpipeline.event;

/** A Kafka message that cannot become a Zeek event; the route sends it to the dead-letter topic. */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Offending input quoted in a message: its first 64 characters, so a huge value cannot flood the logs. */
    public static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
