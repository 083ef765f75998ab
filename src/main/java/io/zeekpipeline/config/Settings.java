package io.zeekpipeline.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesResolvedValue;

/**
 * Every {@code pipeline.*} setting, read once through Camel's properties (environment, -D, config.json,
 * the user's application.properties, the bundled one with every default), checked for type and range,
 * and handed out typed. Bad settings stop the start with one message naming each key, its value, what
 * is allowed and where it came from. Immutable and thread-safe.
 */
public final class Settings {

    /** The name the settings are bound under in Camel's registry. */
    public static final String BEAN = "pipelineSettings";

    /** host:port, with IPv6 hosts in brackets as Kafka writes them. */
    private static final Pattern BROKER = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):(\\d{1,5})");
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final long MIB = 1024L * 1024L;
    private static final String KAFKA_COMPONENT = "camel.component.kafka.";

    private final String inputBrokers;
    private final int inputConsumers;
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
    private final String outputCompression;
    private final String outputKey;
    private final int deadLetterMaxMessageBytes;
    private final int communityIdSeed;
    private final String geoCityDatabase;
    private final String geoAsnDatabase;
    private final String configDir;
    private final Duration drainTimeout;
    private final KafkaSecurity kafkaSecurity;

    private Settings(Reader read) {
        inputBrokers = read.brokers("pipeline.input.brokers");
        read.topic("pipeline.input.topic");
        read.text("pipeline.input.group-id");
        read.whole("pipeline.input.max-poll-records", 1);
        inputConsumers = read.whole("pipeline.input.consumers", 1);
        read.oneOf("pipeline.input.auto-offset-reset", "earliest", "latest");
        read.whole("pipeline.input.poll-timeout-ms", 1);
        read.whole("pipeline.input.max-partition-fetch-bytes", 1);
        maxMessageBytes = read.whole("pipeline.input.max-message-bytes", 1);
        maxInFlightBytes = (long) (read.positive("pipeline.input.max-in-flight-mb") * MIB);
        maxUnknownLogTypes = read.whole("pipeline.input.max-unknown-log-types", 0);
        unknownLogTypesWindow = Duration.ofMinutes(read.whole("pipeline.input.unknown-log-types-window-minutes", 1));

        parquetEnabled = read.bool("pipeline.parquet.enabled");
        basePath = read.text("pipeline.parquet.base-path");
        filePrefix = read.text("pipeline.parquet.file-prefix");
        parquetCompression = read.oneOf("pipeline.parquet.compression", "snappy", "zstd", "gzip", "uncompressed");
        includeRawLog = read.bool("pipeline.parquet.include-raw-log");
        plainColumns = read.names("pipeline.parquet.plain-columns");
        writerThreads = read.whole("pipeline.parquet.writer-threads", 1);
        tempMaxAgeMillis = read.whole("pipeline.parquet.temp-max-age-minutes", 0) * 60_000L;

        int problemsBefore = read.problems.size();
        flushEventCount = read.whole("pipeline.flush.event-count", 0);
        flushIntervalSeconds = read.notNegative("pipeline.flush.interval-seconds");
        flushBufferMb = read.notNegative("pipeline.flush.buffer-mb");
        maxOpenBatches = read.whole("pipeline.flush.max-open-batches", 0);
        if (read.problems.size() == problemsBefore && parquetEnabled
            && flushEventCount == 0 && flushIntervalSeconds == 0 && flushBufferMb == 0) {
            read.problems.add("pipeline.flush.event-count, pipeline.flush.interval-seconds and "
                              + "pipeline.flush.buffer-mb "
                              + "are all 0: Parquet batches would never be written");
        }

        outputEnabled = read.bool("pipeline.output.enabled");
        read.brokers("pipeline.output.brokers");
        read.topic("pipeline.output.topic");
        outputCompression = read.oneOf("pipeline.output.compression", "none", "gzip", "snappy", "lz4", "zstd");
        outputBatchSize = read.whole("pipeline.output.batch-size", 1);
        read.whole("pipeline.output.batch-interval-ms", 1);
        read.whole("pipeline.output.linger-ms", 0);
        // room for the headers the serializer and the dead-letter preparer keep apart
        outputMaxMessageBytes = read.whole("pipeline.output.max-message-bytes", 2048);
        outputKey = read.oneOf("pipeline.output.key", "source-or-flow", "flow", "none");

        read.topic("pipeline.dead-letter.topic");
        read.brokers("pipeline.dead-letter.brokers");
        deadLetterMaxMessageBytes = read.whole("pipeline.dead-letter.max-message-bytes", 32768);

        kafkaSecurity = kafkaSecurity(read);
        communityIdSeed = read.check("pipeline.enrich.community-id.seed", "a whole number from 0 to 65535", 0,
                value -> {
                    int seed = Integer.parseInt(value);
                    return seed >= 0 && seed <= 0xffff ? seed : null;
                });
        geoCityDatabase = read.raw("pipeline.enrich.geoip.city-database");
        geoAsnDatabase = read.raw("pipeline.enrich.geoip.asn-database");

        // logging has used these since the first line (LogSettings); checked here with the rest
        read.text("pipeline.log.path");
        read.whole("pipeline.log.max-file-mb", 1);
        read.whole("pipeline.log.max-files", 1);
        read.whole("pipeline.health.interval-seconds", 1);
        stallTime = Duration.ofMinutes(read.whole("pipeline.health.stall-minutes", 1));
        configDir = read.raw("pipeline.config-dir");
        drainTimeout = Duration.ofSeconds(read.whole("pipeline.shutdown.drain-timeout-seconds", 1));
    }

    /** The pipeline.kafka.* values, checked: a known protocol, a SASL mechanism with SASL, stores that exist. */
    private static KafkaSecurity kafkaSecurity(Reader read) {
        Map<String, String> values = new HashMap<>();
        String protocol = read.oneOf("pipeline.kafka.security-protocol", "PLAINTEXT", "SSL", "SASL_PLAINTEXT",
                "SASL_SSL");
        values.put("pipeline.kafka.security-protocol", protocol);
        boolean sasl = protocol.startsWith("SASL_");
        values.put("pipeline.kafka.sasl-mechanism", read.check("pipeline.kafka.sasl-mechanism",
                "set with pipeline.kafka.security-protocol=" + protocol
                + " (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI or OAUTHBEARER)", "",
                value -> sasl && value.isEmpty() ? null : value));
        for (String key : KafkaSecurity.KEYS.keySet()) {
            if (key.endsWith("-location")) {
                values.put(key, read.check(key, "empty or a file that exists", "",
                        value -> value.isEmpty() || Files.isRegularFile(Path.of(value)) ? value : null));
            } else if (!values.containsKey(key)) {
                values.put(key, read.raw(key));
            }
        }
        // the component's own security options would be overridden by these (and the health checks never saw them)
        read.properties.loadProperties(key -> key.startsWith(KAFKA_COMPONENT)).stringPropertyNames().stream()
                .filter(key -> key.substring(KAFKA_COMPONENT.length()).matches("(?i)(security|sasl|ssl).*"))
                .sorted()
                .forEach(key -> {
                    // resolved first, so the properties know where it came from
                    read.properties.resolveProperty(key);
                    read.problems.add(key + " (" + read.source(key) + ") is not used: set the pipeline.kafka.* keys, "
                                      + "which every Kafka client of the pipeline uses (docs/kafka-security.md)");
                });
        return KafkaSecurity.from(values::get);
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

    /** Consumer threads of the ingest route. */
    public int inputConsumers() {
        return inputConsumers;
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

    /** The Community ID seed: sensors and tools whose IDs are to match use the same one. */
    public int communityIdSeed() {
        return communityIdSeed;
    }

    /** The GeoIP2/GeoLite2 City or Country database file; empty = no geo columns. */
    public String geoCityDatabase() {
        return geoCityDatabase;
    }

    /** The GeoLite2/GeoIP2 ASN database file; empty = no AS columns. */
    public String geoAsnDatabase() {
        return geoAsnDatabase;
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

    /** The output topic's compression codec, a name Kafka's compression.type takes. */
    public String outputCompression() {
        return outputCompression;
    }

    /** What keys the output messages: source-or-flow, flow or none. */
    public String outputKey() {
        return outputKey;
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

    /** The Kafka clients' security settings (pipeline.kafka.*), for every Kafka client of the application. */
    public KafkaSecurity kafkaSecurity() {
        return kafkaSecurity;
    }

    /**
     * Resolves and checks one key after another, collecting the problems. No key has a default here: the
     * bundled application.properties, always read beneath the user's settings, is their one place. For a
     * rejected value a stand-in is returned, only so the other keys are still checked. Used by one thread.
     */
    private static final class Reader {

        private final PropertiesComponent properties;
        private final List<String> problems = new ArrayList<>();

        Reader(PropertiesComponent properties) {
            this.properties = properties;
        }

        /** The trimmed value, or "" with a problem when nothing sets the key. */
        String raw(String key) {
            Optional<String> value = properties.resolveProperty(key);
            if (value.isPresent()) {
                return value.get().trim();
            }
            problems.add(properties.getResolvedValue(key)
                    // set, but to a {{placeholder}} naming a key nothing sets
                    .map(found -> key + "='" + found.value() + "' (" + source(key) + ") names a property nothing sets")
                    .orElse(key + " is not set (the bundled application.properties should define it: a broken build)"));
            return "";
        }

        /**
         * The value parsed; when it is not set or {@code parse} rejects it (null or an exception), a problem
         * naming what is allowed, and {@code rejected}.
         */
        <T> T check(String key, String allowed, T rejected, Function<String, T> parse) {
            int problemsBefore = problems.size();
            String value = raw(key);
            if (problems.size() > problemsBefore) {
                return rejected;
            }
            T parsed;
            try {
                parsed = parse.apply(value);
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null) {
                problems.add(key + "='" + value + "' (" + source(key) + ") must be " + allowed);
                return rejected;
            }
            return parsed;
        }

        String text(String key) {
            return check(key, "a non-empty text", "", value -> value.isEmpty() ? null : value);
        }

        void topic(String key) {
            check(key, "a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)", "",
                    value -> TOPIC.matcher(value).matches() ? value : null);
        }

        String brokers(String key) {
            return check(key, "Kafka brokers as host:port, comma-separated", "", value -> {
                List<String> brokers = Arrays.stream(value.split(",")).map(String::trim).toList();
                return isBrokerList(brokers) ? String.join(",", brokers) : null;
            });
        }

        boolean bool(String key) {
            return check(key, "true or false", false,
                    value -> value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : null);
        }

        int whole(String key, int min) {
            return check(key, "a whole number from " + min + " to " + Integer.MAX_VALUE, min, value -> {
                int number = Integer.parseInt(value);
                return number >= min ? number : null;
            });
        }

        double notNegative(String key) {
            return check(key, "a number of 0 or more", 0.0, value -> {
                double number = Double.parseDouble(value);
                return Double.isFinite(number) && number >= 0 ? number : null;
            });
        }

        double positive(String key) {
            return check(key, "a number greater than 0", Double.MIN_VALUE, value -> {
                double number = Double.parseDouble(value);
                return Double.isFinite(number) && number > 0 ? number : null;
            });
        }

        String oneOf(String key, String... allowed) {
            return check(key, "one of " + String.join(", ", allowed), allowed[0],
                    value -> Arrays.asList(allowed).contains(value) ? value : null);
        }

        /** A comma-separated list, blanks left out. */
        Set<String> names(String key) {
            return Arrays.stream(raw(key).split(",")).map(String::trim).filter(name -> !name.isEmpty())
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
                where = "environment variable " + ApplicationProperties.variableOf(key);
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
            boolean placeholder = resolved.originalValue() != null
                                  && !resolved.originalValue().equals(resolved.value());
            return placeholder ? where + " as " + resolved.originalValue() : where;
        }
    }
}
