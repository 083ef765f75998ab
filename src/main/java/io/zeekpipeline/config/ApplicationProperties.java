package io.zeekpipeline.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Where application.properties comes from: the copy bundled in the jar, which holds every key with its
 * default and is always read, and over it the user's file (named by {@value #FILE_VARIABLE} or
 * {@code -D}{@value #FILE_PROPERTY}, else {@code ./config/application.properties} when it exists), so a
 * user's file need only hold the keys it changes. Immutable and thread-safe.
 */
public final class ApplicationProperties {

    /** Environment variable naming the user's application.properties. */
    public static final String FILE_VARIABLE = "PIPELINE_PROPERTIES_FILE";
    /** System property naming the user's application.properties (the environment variable wins). */
    public static final String FILE_PROPERTY = "pipeline.properties-file";
    /** The defaults, on the class path. */
    private static final String BUNDLED = "config/application.properties";
    /** The user's file when nothing names another. */
    private static final Path LOCAL = Path.of("config/application.properties");

    /** The user's file; null when only the defaults are read. */
    private final Path userFile;

    private ApplicationProperties(Path userFile) {
        this.userFile = userFile;
    }

    /**
     * The environment variable that sets {@code key}, named as Camel looks it up: upper case, {@code .} and
     * {@code -} as {@code _} ({@code pipeline.input.topic} → {@code PIPELINE_INPUT_TOPIC}). Camel's own helper
     * for this (IOHelper) would set up logging before logback has the log file settings.
     */
    public static String variableOf(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The user's file named by the environment or {@code -D}, else {@code ./config/application.properties}
     * if present; a named file that does not exist is a mistake named with its source.
     */
    public static ApplicationProperties locate() {
        String source = "environment variable " + FILE_VARIABLE;
        String named = System.getenv(FILE_VARIABLE);
        if (named == null) {
            source = "system property -D" + FILE_PROPERTY;
            named = System.getProperty(FILE_PROPERTY);
        }
        if (named == null) {
            return new ApplicationProperties(Files.isRegularFile(LOCAL) ? LOCAL : null);
        }
        // Camel's list of locations separates them with ',' and their options with ';'
        if (named.contains(",") || named.contains(";")) {
            throw new InvalidConfigurationException(source + "='" + named + "' must be a path without ',' or ';'");
        }
        Path file = Path.of(named.trim());
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(source + "='" + named + "' names no file ("
                                                    + file.toAbsolutePath() + ")");
        }
        return new ApplicationProperties(file);
    }

    /** The defaults alone, for when the user's file cannot be located. */
    public static ApplicationProperties bundledOnly() {
        return new ApplicationProperties(null);
    }

    /**
     * Camel's property placeholder locations: the user's file first, as Camel takes each key from the first
     * location that has it.
     */
    public String camelLocations() {
        String bundled = "classpath:" + BUNDLED;
        return userFile == null ? bundled : "file:" + userFile + "," + bundled;
    }

    /** The defaults with the user's file over them, for what is read before Camel starts. */
    public Properties load() {
        Properties merged = new Properties();
        try (InputStream bundled = ApplicationProperties.class.getResourceAsStream("/" + BUNDLED)) {
            if (bundled == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the class path: a broken build");
            }
            merged.load(bundled);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + BUNDLED, e);
        }
        if (userFile != null) {
            try (InputStream user = Files.newInputStream(userFile)) {
                merged.load(user);
            } catch (IOException e) {
                throw new InvalidConfigurationException("cannot read " + userFile + ": " + e, e);
            }
        }
        return merged;
    }
}
