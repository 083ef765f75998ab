package io.zeekpipeline.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A user's mistake in the settings, the data files or the arguments: its message is the whole
 * one-line report (what, where, what is allowed), so the start stops with it and no stack trace.
 * Immutable.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A JSON file that does not parse: {@code file:line:column: what the parser expected}. */
    public static InvalidConfigurationException jsonSyntax(String file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new InvalidConfigurationException(where + ": invalid JSON: "
                + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "), e);
    }
}
