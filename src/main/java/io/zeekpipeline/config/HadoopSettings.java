package io.zeekpipeline.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Hadoop settings given as pipeline properties: {@code pipeline.hadoop.<hadoop key>} becomes
 * {@code <hadoop key>} in the Hadoop configuration of every Parquet file access (a file system
 * implementation, an object store's endpoint and credentials). Stateless.
 */
public final class HadoopSettings {

    public static final String PREFIX = "pipeline.hadoop.";
    private static final String ENV_PREFIX = "PIPELINE_HADOOP_";

    private HadoopSettings() {
    }

    /**
     * Hadoop key to value, from the properties file, the overrides, {@code -D} and the environment, in
     * Camel's order (a variable wins over {@code -D}, which wins over the file). A variable can only name
     * a key in lower case with dots ({@code PIPELINE_HADOOP_FS_S3A_ENDPOINT} → {@code fs.s3a.endpoint}),
     * or override the value of a key another source names ({@code pipeline.hadoop.fs.defaultFS}).
     */
    public static Map<String, String> from(PropertiesComponent properties) {
        Set<String> keys = new TreeSet<>(properties.loadProperties(key -> key.startsWith(PREFIX))
                .stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith(PREFIX)).forEach(keys::add);
        Set<String> named = keys.stream().map(ApplicationProperties::variableOf).collect(Collectors.toSet());
        System.getenv().keySet().stream()
                .filter(variable -> variable.startsWith(ENV_PREFIX) && variable.length() > ENV_PREFIX.length()
                                    && !named.contains(variable))
                .forEach(variable -> keys.add(PREFIX + variable.substring(ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT).replace('_', '.')));
        Map<String, String> settings = new TreeMap<>();
        for (String key : keys) {
            if (key.length() == PREFIX.length()) {
                throw new IllegalArgumentException(key + " names no Hadoop key: write " + PREFIX
                        + "<hadoop key>=value");
            }
            properties.resolveProperty(key)
                    .ifPresent(value -> settings.put(key.substring(PREFIX.length()), value.trim()));
        }
        return settings;
    }
}
