package io.zeekpipeline.config;

import java.util.Map;
import java.util.Properties;

/**
 * Hands LogConfigurator the log file settings before the first line is logged: {@code pipeline.log.path},
 * {@code pipeline.log.max-file-mb} and {@code pipeline.log.max-files}, taken from config.json, else the
 * environment, else -D, else application.properties (the user's over the bundled,
 * {@link ApplicationProperties#load()}), and set as system properties of their own ({@code zeekpipeline.log.*}), so
 * Camel still names the user's source when {@link Settings} rejects a value. Stateless.
 */
public final class LogSettings {

    private static final String[] KEYS = {"pipeline.log.path", "pipeline.log.max-file-mb", "pipeline.log.max-files"};

    private LogSettings() {
    }

    /** Sets the system properties LogConfigurator reads; call before anything logs. */
    public static void apply(Map<String, String> overrides, Properties applicationProperties) {
        for (String key : KEYS) {
            String value = overrides.get(key);
            if (value == null) {
                value = System.getenv(ApplicationProperties.variableOf(key));
            }
            if (value == null) {
                value = System.getProperty(key, applicationProperties.getProperty(key));
            }
            // a bad number stays with LogConfigurator's default: Settings stops the start with its source named
            if (value != null && !value.isBlank()
                    && (key.equals("pipeline.log.path") || isPositiveWhole(value.trim()))) {
                System.setProperty(systemProperty(key), value.trim());
            }
        }
    }

    /** The system property that hands the logging setting {@code key} on: pipeline.log.x → zeekpipeline.log.x. */
    static String systemProperty(String key) {
        return "zeekpipeline" + key.substring("pipeline".length());
    }

    private static boolean isPositiveWhole(String value) {
        try {
            return Integer.parseInt(value) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
