package io.zeekpipeline.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Kafka clients' security settings ({@code pipeline.kafka.*}: protocol, SASL, TLS trust and key stores) as
 * Kafka client properties: the one place they are built, for the camel-kafka endpoints, the broker probe of the
 * health checks and the replay command. Immutable and thread-safe.
 */
public final class KafkaSecurity {

    /** Each {@code pipeline.kafka.*} key and the Kafka client property it sets, in the documented order. */
    public static final Map<String, String> KEYS = keys(
            "pipeline.kafka.security-protocol", "security.protocol",
            "pipeline.kafka.sasl-mechanism", "sasl.mechanism",
            "pipeline.kafka.sasl-jaas-config", "sasl.jaas.config",
            "pipeline.kafka.ssl-truststore-location", "ssl.truststore.location",
            "pipeline.kafka.ssl-truststore-password", "ssl.truststore.password",
            "pipeline.kafka.ssl-truststore-type", "ssl.truststore.type",
            "pipeline.kafka.ssl-keystore-location", "ssl.keystore.location",
            "pipeline.kafka.ssl-keystore-password", "ssl.keystore.password",
            "pipeline.kafka.ssl-keystore-type", "ssl.keystore.type",
            "pipeline.kafka.ssl-key-password", "ssl.key.password");
    /** Client properties holding secrets: their values are never shown. */
    private static final Set<String> SECRETS =
            Set.of("sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password", "ssl.key.password");

    /** Kafka client property → value, only the ones set (an empty setting leaves Kafka's default). */
    private final Map<String, String> properties;

    private KafkaSecurity(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(properties);
    }

    /** The settings of {@link #KEYS}, each looked up by its {@code pipeline.kafka.*} key (null or blank: unset). */
    public static KafkaSecurity from(Function<String, String> valueOfKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        KEYS.forEach((key, property) -> {
            String value = valueOfKey.apply(key);
            if (value != null && !value.isBlank()) {
                properties.put(property, value.trim());
            }
        });
        return new KafkaSecurity(properties);
    }

    /** The Kafka client properties to add to a consumer's, producer's or admin client's configuration. */
    public Map<String, Object> clientProperties() {
        return new LinkedHashMap<>(properties);
    }

    /** For the start-up log: every property set, secrets as {@code <hidden>}. */
    @Override
    public String toString() {
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + (SECRETS.contains(e.getKey()) ? "<hidden>" : e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(keys);
    }
}
