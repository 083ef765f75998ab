package io.zeekpipeline.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The seed's config.json, read unchanged and validated, turned into the pipeline's properties; its
 * folder becomes the place normalization.json and schema.json are looked for. Immutable.
 */
public final class ConfigJson {

    /** Every key config.json may set, as dotted paths. */
    private static final Set<String> KEYS = Set.of("kafka.brokers", "kafka.topic", "kafka.group_id",
            "kafka.max_poll_records", "output.parquet.enabled", "output.parquet.base_path",
            "output.parquet.file_prefix", "output.kafka.enabled", "output.kafka.brokers", "output.kafka.topic",
            "output.kafka.compression", "log.path",
            "write.flush_buffer_mb", "write.flush_interval_seconds", "write.flush_event_count");
    /** The objects holding them. */
    private static final Set<String> SECTIONS = Set.of("kafka", "output", "output.parquet", "output.kafka", "log",
            "write");

    private final Path file;
    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private ConfigJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads the file; a missing file or a JSON syntax error fails naming the file (and line:column). */
    public static ConfigJson read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException("config file " + file.toAbsolutePath() + " does not exist");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw InvalidConfigurationException.jsonSyntax(file.toString(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigurationException(file + ": a config.json must be a JSON object");
        }
        return new ConfigJson(file, root);
    }

    /**
     * Property name → value for every key config.json sets; fails listing every invalid and every
     * unknown key, the latter with the closest known one.
     */
    public Map<String, String> toProperties() {
        checkKeys(root, "");
        Map<String, String> props = new LinkedHashMap<>();
        Path folder = file.toAbsolutePath().getParent();
        props.put("pipeline.config-dir", folder.toString());
        put(props, "pipeline.input.brokers", brokers("kafka.brokers"));
        put(props, "pipeline.input.topic", text("kafka.topic"));
        put(props, "pipeline.input.group-id", text("kafka.group_id"));
        put(props, "pipeline.input.max-poll-records", count("kafka.max_poll_records", 1));
        put(props, "pipeline.parquet.enabled", bool("output.parquet.enabled"));
        put(props, "pipeline.parquet.base-path", text("output.parquet.base_path"));
        put(props, "pipeline.parquet.file-prefix", text("output.parquet.file_prefix"));
        put(props, "pipeline.output.enabled", bool("output.kafka.enabled"));
        put(props, "pipeline.output.brokers", brokers("output.kafka.brokers"));
        put(props, "pipeline.output.topic", text("output.kafka.topic"));
        put(props, "pipeline.output.compression", compression("output.kafka.compression"));
        put(props, "pipeline.log.path", text("log.path"));
        put(props, "pipeline.flush.buffer-mb", nonNegative("write.flush_buffer_mb"));
        put(props, "pipeline.flush.interval-seconds", count("write.flush_interval_seconds", 0));
        put(props, "pipeline.flush.event-count", count("write.flush_event_count", 0));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(file + ": " + String.join("; ", problems));
        }
        return props;
    }

    /** Adds a problem for each key below {@code node} that is no known key or section. */
    private void checkKeys(JsonNode node, String prefix) {
        node.fieldNames().forEachRemaining(name -> {
            String key = prefix + name;
            if (SECTIONS.contains(key)) {
                if (node.get(name).isObject()) {
                    checkKeys(node.get(name), key + ".");
                } else {
                    problems.add(key + " must be an object");
                }
            } else if (!KEYS.contains(key)) {
                problems.add("unknown key " + key + " in config.json" + suggestion(key));
            }
        });
    }

    /** " (did you mean x?)" for the known key or section nearest to a misspelt one, else "". */
    private static String suggestion(String key) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return Stream.concat(KEYS.stream(), SECTIONS.stream())
                .min(Comparator.comparingInt((String known) -> distance.apply(known, key))
                        .thenComparing(known -> known))
                .filter(known -> distance.apply(known, key) <= Math.max(2, known.length() / 3))
                .map(known -> " (did you mean " + known + "?)")
                .orElse("");
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    private JsonNode at(String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    private String text(String key) {
        return textOf(valid(key, node -> node.isTextual() && !node.asText().isBlank(), "must be a non-empty string"));
    }

    private String brokers(String key) {
        JsonNode node = at(key);
        if (node == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(b -> list.add(b.asText().trim()));
        } else if (node.isTextual()) {
            list.add(node.asText().trim());
        }
        if (!Settings.isBrokerList(list)) {
            problems.add(key + " must list brokers as host:port");
            return null;
        }
        return String.join(",", list);
    }

    private String bool(String key) {
        return textOf(valid(key, JsonNode::isBoolean, "must be true or false"));
    }

    /** A whole number of at least {@code min}, within an int. */
    private String count(String key, int min) {
        return textOf(valid(key, node -> node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= min,
                "must be a whole number of " + min + " or more"));
    }

    private String nonNegative(String key) {
        JsonNode node = valid(key, n -> n.isNumber() && n.asDouble() >= 0 && n.asDouble() <= 1_000_000,
                "must be a number from 0 to 1000000");
        if (node == null) {
            return null;
        }
        return node.isIntegralNumber() ? node.asText() : String.valueOf(node.asDouble());
    }

    /** The value at {@code key} when it meets {@code rule}; null when absent, or, noting the problem, when not. */
    private JsonNode valid(String key, Predicate<JsonNode> rule, String requirement) {
        JsonNode node = at(key);
        if (node == null || rule.test(node)) {
            return node;
        }
        problems.add(key + " " + requirement);
        return null;
    }

    private static String textOf(JsonNode node) {
        return node == null ? null : node.asText();
    }

    private String compression(String key) {
        String value = text(key);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "gzip", "snappy", "lz4", "zstd", "none" -> value.toLowerCase(Locale.ROOT);
            default -> {
                problems.add(key + " must be one of gzip, snappy, lz4, zstd, none (was '" + value + "')");
                yield null;
            }
        };
    }
}
