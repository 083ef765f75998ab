package io.zeekpipeline.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesResolvedValue;

/**
 * Every {@code pipeline.*} setting, read once through Camel's properties (environment, -D, config.json,
 * application.properties), checked for type and range, and handed out typed. Bad settings stop the
 * start with one message naming each key, its value, what is allowed and where it came from.
 * Immutable and thread-safe.
 */
public final class Settings {

    /** The name the settings are bound under in Camel's registry. */
    public static final String BEAN = "pipelineSettings";

    /** host:port, with IPv6 hosts in brackets as Kafka writes them. */
    private static final Pattern BROKER = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):(\\d{1,5})");
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final long MIB = 1024L * 1024L;

    private final String inputBrokers;
    private final int maxMessageBytes;
    private final long maxInFlightBytes;
    private final boolean parquetEnabled;
    private final String basePath;
    private final String filePrefix;
    private final String parquetCompression;
    private final boolean includeRawLog;
    private final Set<String> plainColumns;
    private final int writerThreads;
    private final long tempMaxAgeMillis;
    private final int flushEventCount;
    private final double flushIntervalSeconds;
    private final double flushBufferMb;
    private final boolean outputEnabled;
    private final int outputBatchSize;
    private final int maxUnknownLogTypes;
    private final Duration unknownLogTypesWindow;
    private final int maxOpenBatches;
    private final Duration stallTime;
    private final int outputMaxMessageBytes;
    private final int deadLetterMaxMessageBytes;
    private final String configDir;
    private final Duration drainTimeout;

    private Settings(Reader read) {
        inputBrokers = read.brokers("pipeline.input.brokers", "localhost:9092");
        read.topic("pipeline.input.topic", "zeek-raw");
        read.text("pipeline.input.group-id", "zeek-pipeline");
        read.whole("pipeline.input.max-poll-records", "1000", 1);
        read.whole("pipeline.input.consumers", "1", 1);
        read.oneOf("pipeline.input.auto-offset-reset", "earliest", "earliest", "latest");
        read.whole("pipeline.input.poll-timeout-ms", "100", 1);
        read.whole("pipeline.input.max-partition-fetch-bytes", "4194304", 1);
        maxMessageBytes = read.whole("pipeline.input.max-message-bytes", "1048576", 1);
        maxInFlightBytes = (long) (read.positive("pipeline.input.max-in-flight-mb", "64") * MIB);
        maxUnknownLogTypes = read.whole("pipeline.input.max-unknown-log-types", "100", 0);
        unknownLogTypesWindow = Duration.ofMinutes(read.whole("pipeline.input.unknown-log-types-window-minutes", "60", 1));

        parquetEnabled = read.bool("pipeline.parquet.enabled", "true");
        basePath = read.text("pipeline.parquet.base-path", "./output");
        filePrefix = read.text("pipeline.parquet.file-prefix", "events");
        parquetCompression = read.oneOf("pipeline.parquet.compression", "snappy", "snappy", "zstd", "gzip", "uncompressed");
        includeRawLog = read.bool("pipeline.parquet.include-raw-log", "false");
        plainColumns = read.names("pipeline.parquet.plain-columns", "flow_id,uid,fuid");
        writerThreads = read.whole("pipeline.parquet.writer-threads", "2", 1);
        tempMaxAgeMillis = read.whole("pipeline.parquet.temp-max-age-minutes", "60", 0) * 60_000L;

        flushEventCount = read.whole("pipeline.flush.event-count", "100000", 0);
        flushIntervalSeconds = read.notNegative("pipeline.flush.interval-seconds", "60");
        flushBufferMb = read.notNegative("pipeline.flush.buffer-mb", "64");
        maxOpenBatches = read.whole("pipeline.flush.max-open-batches", "2000", 0);
        if (parquetEnabled && flushEventCount == 0 && flushIntervalSeconds == 0 && flushBufferMb == 0) {
            read.problems.add("pipeline.flush.event-count, pipeline.flush.interval-seconds and pipeline.flush.buffer-mb "
                              + "are all 0: Parquet batches would never be written");
        }

        outputEnabled = read.bool("pipeline.output.enabled", "true");
        read.brokers("pipeline.output.brokers", inputBrokers);
        read.topic("pipeline.output.topic", "zeek-normalized");
        read.oneOf("pipeline.output.compression", "lz4", "none", "gzip", "snappy", "lz4", "zstd");
        outputBatchSize = read.whole("pipeline.output.batch-size", "2000", 1);
        read.whole("pipeline.output.batch-interval-ms", "200", 1);
        read.whole("pipeline.output.linger-ms", "5", 0);
        // room for the headers the serializer and the dead-letter preparer keep apart
        outputMaxMessageBytes = read.whole("pipeline.output.max-message-bytes", "1048576", 2048);

        read.topic("pipeline.dead-letter.topic", "zeek-dlq");
        read.brokers("pipeline.dead-letter.brokers", inputBrokers);
        deadLetterMaxMessageBytes = read.whole("pipeline.dead-letter.max-message-bytes", "1048576", 32768);

        // log4j has used these since the first line (LogSettings); checked here with the rest
        read.text("pipeline.log.path", "./log");
        read.whole("pipeline.log.max-file-mb", "100", 1);
        read.whole("pipeline.log.max-files", "5", 1);
        read.whole("pipeline.health.interval-seconds", "30", 1);
        stallTime = Duration.ofMinutes(read.whole("pipeline.health.stall-minutes", "5", 1));
        configDir = read.raw("pipeline.config-dir", "");
        drainTimeout = Duration.ofSeconds(read.whole("pipeline.shutdown.drain-timeout-seconds", "30", 1));
    }

    /** Reads and checks every setting; fails naming every bad one. */
    public static Settings read(PropertiesComponent properties) {
        Reader reader = new Reader(properties);
        Settings settings = new Settings(reader);
        if (!reader.problems.isEmpty()) {
            throw new InvalidConfigurationException("invalid settings: " + String.join("; ", reader.problems));
        }
        return settings;
    }

    /** True when every comma-separated entry is host:port with a port up to 65535, and there is one at least. */
    static boolean isBrokerList(List<String> brokers) {
        return !brokers.isEmpty() && brokers.stream().allMatch(broker -> {
            var match = BROKER.matcher(broker);
            return match.matches() && Integer.parseInt(match.group(2)) <= 65535;
        });
    }

    /** Kafka bootstrap servers of the input topic, comma-separated. */
    public String inputBrokers() {
        return inputBrokers;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public long maxInFlightBytes() {
        return maxInFlightBytes;
    }

    public boolean parquetEnabled() {
        return parquetEnabled;
    }

    public String basePath() {
        return basePath;
    }

    public String filePrefix() {
        return filePrefix;
    }

    /** snappy, zstd, gzip or uncompressed. */
    public String parquetCompression() {
        return parquetCompression;
    }

    public boolean includeRawLog() {
        return includeRawLog;
    }

    public Set<String> plainColumns() {
        return plainColumns;
    }

    public int writerThreads() {
        return writerThreads;
    }

    public long tempMaxAgeMillis() {
        return tempMaxAgeMillis;
    }

    /** Rows per Parquet file; 0 = no row limit. */
    public int flushEventCount() {
        return flushEventCount;
    }

    /** 0 = no interval. */
    public double flushIntervalSeconds() {
        return flushIntervalSeconds;
    }

    /** 0 = no byte limit. */
    public double flushBufferMb() {
        return flushBufferMb;
    }

    public boolean outputEnabled() {
        return outputEnabled;
    }

    public int outputBatchSize() {
        return outputBatchSize;
    }

    /** Folder of the data files; empty = the copies in the jar. */
    /** Distinct log types without a rule admitted per window; 0 admits none. */
    public int maxUnknownLogTypes() {
        return maxUnknownLogTypes;
    }

    public Duration unknownLogTypesWindow() {
        return unknownLogTypesWindow;
    }

    /** Open Parquet batches at most; 0 = no limit. */
    public int maxOpenBatches() {
        return maxOpenBatches;
    }

    /** How long without a commit, beyond the flush interval, counts as a stall. */
    public Duration stallTime() {
        return stallTime;
    }

    public int outputMaxMessageBytes() {
        return outputMaxMessageBytes;
    }

    public int deadLetterMaxMessageBytes() {
        return deadLetterMaxMessageBytes;
    }

    public String configDir() {
        return configDir;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Resolves and checks one key after another, collecting the problems. Used by one thread. */
    private static final class Reader {

        private final PropertiesComponent properties;
        private final List<String> problems = new ArrayList<>();

        Reader(PropertiesComponent properties) {
            this.properties = properties;
        }

        /** The trimmed value, or the default when nothing sets the key. */
        String raw(String key, String defaultValue) {
            try {
                return properties.resolveProperty(key).map(String::trim).orElse(defaultValue);
            } catch (IllegalArgumentException e) {
                // a {{placeholder}} naming a key that nothing sets
                problems.add(key + " (" + source(key) + "): " + e.getMessage());
                return defaultValue;
            }
        }

        /**
         * The value parsed; when {@code parse} rejects it (null or an exception), a problem naming what is
         * allowed, and the default parsed, so the other checks still run.
         */
        <T> T check(String key, String defaultValue, String allowed, Function<String, T> parse) {
            String value = raw(key, defaultValue);
            T parsed;
            try {
                parsed = parse.apply(value);
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null) {
                problems.add(key + "='" + value + "' (" + source(key) + ") must be " + allowed);
                return parse.apply(defaultValue);
            }
            return parsed;
        }

        String text(String key, String defaultValue) {
            return check(key, defaultValue, "a non-empty text", value -> value.isEmpty() ? null : value);
        }

        void topic(String key, String defaultValue) {
            check(key, defaultValue, "a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)",
                    value -> TOPIC.matcher(value).matches() ? value : null);
        }

        String brokers(String key, String defaultValue) {
            return check(key, defaultValue, "Kafka brokers as host:port, comma-separated", value -> {
                List<String> brokers = Arrays.stream(value.split(",")).map(String::trim).toList();
                return isBrokerList(brokers) ? String.join(",", brokers) : null;
            });
        }

        boolean bool(String key, String defaultValue) {
            return check(key, defaultValue, "true or false",
                    value -> value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : null);
        }

        int whole(String key, String defaultValue, int min) {
            return check(key, defaultValue, "a whole number from " + min + " to " + Integer.MAX_VALUE, value -> {
                int number = Integer.parseInt(value);
                return number >= min ? number : null;
            });
        }

        double notNegative(String key, String defaultValue) {
            return check(key, defaultValue, "a number of 0 or more", value -> {
                double number = Double.parseDouble(value);
                return Double.isFinite(number) && number >= 0 ? number : null;
            });
        }

        double positive(String key, String defaultValue) {
            return check(key, defaultValue, "a number greater than 0", value -> {
                double number = Double.parseDouble(value);
                return Double.isFinite(number) && number > 0 ? number : null;
            });
        }

        String oneOf(String key, String defaultValue, String... allowed) {
            return check(key, defaultValue, "one of " + String.join(", ", allowed),
                    value -> Arrays.asList(allowed).contains(value) ? value : null);
        }

        /** A comma-separated list, blanks left out. */
        Set<String> names(String key, String defaultValue) {
            return Arrays.stream(raw(key, defaultValue).split(",")).map(String::trim).filter(name -> !name.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }

        /** Where the key's value came from, in the words of the configuration docs. */
        private String source(String key) {
            return properties.getResolvedValue(key).map(resolved -> describe(key, resolved)).orElse("default");
        }

        private static String describe(String key, PropertiesResolvedValue resolved) {
            String source = resolved.source() == null ? "" : resolved.source();
            String where;
            if (source.equals("ENV")) {
                where = "environment variable " + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            } else if (source.equals("SYS")) {
                where = "system property -D" + key;
            } else if (source.equals("OverrideProperties")) {
                // the application's only overrides are config.json's keys
                where = "config.json";
            } else if (source.startsWith("file:")) {
                where = "application.properties file " + source.substring("file:".length());
            } else if (source.startsWith("classpath:")) {
                where = "bundled application.properties";
            } else {
                where = source.isEmpty() ? "default" : source;
            }
            boolean placeholder = resolved.originalValue() != null && !resolved.originalValue().equals(resolved.value());
            return placeholder ? where + " as " + resolved.originalValue() : where;
        }
    }
}
