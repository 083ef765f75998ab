package io.zeekpipeline.ingest;

import java.util.Locale;
import java.util.regex.Pattern;

import io.zeekpipeline.event.InvalidMessageException;

/**
 * The rule a log type's name must meet, as it names a folder of the output that query engines and
 * other file systems read: ASCII letters, digits, '_' and '-', starting with a letter or digit (Spark,
 * Hive and Trino skip folders starting with '_' or '.'), at most {@link #MAX_LENGTH} characters, taken
 * in lower case (Zeek's paths are, and case-insensitive stores would merge CONN with conn), and not a
 * Windows device name. Stateless.
 */
final class LogTypeNames {

    static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DEVICE = Pattern.compile("con|prn|aux|nul|com[1-9]|lpt[1-9]");

    private LogTypeNames() {
    }

    /** The name in lower case; throws {@link InvalidMessageException} naming the part of the rule it breaks. */
    static String canonical(String name) {
        String broken;
        if (name.length() > MAX_LENGTH) {
            broken = "more than " + MAX_LENGTH + " characters";
        } else if (name.isEmpty() || name.charAt(0) == '_' || name.charAt(0) == '-' || name.charAt(0) == '.') {
            broken = "it must start with a letter or digit";
        } else if (!ALLOWED.matcher(name).matches()) {
            broken = "only ASCII letters, digits, '_' and '-' are allowed";
        } else {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!DEVICE.matcher(lower).matches()) {
                return lower;
            }
            broken = "it is a reserved device name";
        }
        throw new InvalidMessageException("log type '" + InvalidMessageException.abbreviate(name)
                                          + "' breaks the name rule: " + broken);
    }
}
