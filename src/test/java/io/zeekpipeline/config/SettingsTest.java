package io.zeekpipeline.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Settings take every value from Camel's properties, with the bundled application.properties as the one
 * place of the defaults: it alone is enough, and a key no source sets is named.
 */
class SettingsTest {

    @TempDir
    Path folder;

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stopContext() throws Exception {
        context.close();
    }

    @Test
    void theBundledPropertiesAloneSetEveryKeyToItsDocumentedDefault() {
        Settings settings = Settings.read(properties("classpath:config/application.properties"));

        // the defaults README.md's configuration table lists
        assertEquals("localhost:9092", settings.inputBrokers());
        assertEquals(1048576, settings.maxMessageBytes());
        assertEquals(64L * 1024 * 1024, settings.maxInFlightBytes());
        assertEquals(true, settings.parquetEnabled());
        assertEquals("./output", settings.basePath());
        assertEquals("events", settings.filePrefix());
        assertEquals("snappy", settings.parquetCompression());
        assertEquals(false, settings.includeRawLog());
        assertEquals(Set.of("flow_id", "uid", "fuid"), settings.plainColumns());
        assertEquals(2, settings.writerThreads());
        assertEquals(60 * 60_000L, settings.tempMaxAgeMillis());
        assertEquals(100000, settings.flushEventCount());
        assertEquals(60.0, settings.flushIntervalSeconds());
        assertEquals(64.0, settings.flushBufferMb());
        assertEquals(true, settings.outputEnabled());
        assertEquals(2000, settings.outputBatchSize());
        assertEquals(1048576, settings.outputMaxMessageBytes());
        assertEquals(1048576, settings.deadLetterMaxMessageBytes());
        assertEquals(30, settings.drainTimeout().toSeconds());
        assertEquals(0, settings.communityIdSeed());
        assertEquals("", settings.geoCityDatabase());
        assertEquals("", settings.geoAsnDatabase());
        // every other pipeline.kafka.* key is empty: the Kafka client's own default
        assertEquals(Map.of("security.protocol", "PLAINTEXT"), settings.kafkaSecurity().clientProperties());
    }

    @Test
    void passesTheKafkaSecuritySettingsOnAsClientPropertiesAndHidesTheSecrets() throws IOException {
        Path truststore = Files.writeString(folder.resolve("truststore.p12"), "not read here");
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"zeek\" "
                      + "password=\"jaas-secret\";";
        Path file = Files.writeString(folder.resolve("application.properties"), """
                pipeline.kafka.security-protocol=SASL_SSL
                pipeline.kafka.sasl-mechanism=SCRAM-SHA-512
                pipeline.kafka.sasl-jaas-config=%s
                pipeline.kafka.ssl-truststore-location=%s
                pipeline.kafka.ssl-truststore-password=store-secret
                pipeline.kafka.ssl-truststore-type=PKCS12
                """.formatted(jaas, truststore), StandardCharsets.ISO_8859_1);

        KafkaSecurity security = Settings.read(properties("file:" + file + ",classpath:config/application.properties"))
                .kafkaSecurity();

        assertEquals(Map.of("security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", jaas,
                        "ssl.truststore.location", truststore.toString(),
                        "ssl.truststore.password", "store-secret",
                        "ssl.truststore.type", "PKCS12"),
                security.clientProperties());
        assertEquals("security.protocol=SASL_SSL sasl.mechanism=SCRAM-SHA-512 sasl.jaas.config=<hidden> "
                     + "ssl.truststore.location=" + truststore + " ssl.truststore.password=<hidden> "
                     + "ssl.truststore.type=PKCS12", security.toString());
    }

    @Test
    void namesAnUnknownProtocolASaslProtocolWithoutMechanismAndAMissingStore() throws IOException {
        Path file = Files.writeString(folder.resolve("application.properties"), """
                pipeline.kafka.security-protocol=SASL_SSL
                pipeline.kafka.ssl-keystore-location=/nonexistent/keystore.jks
                """, StandardCharsets.ISO_8859_1);
        String locations = "file:" + file + ",classpath:config/application.properties";

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> Settings.read(properties(locations)));

        assertEquals("invalid settings: pipeline.kafka.sasl-mechanism='' (bundled application.properties) must be "
                     + "set with pipeline.kafka.security-protocol=SASL_SSL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, "
                     + "GSSAPI or OAUTHBEARER); pipeline.kafka.ssl-keystore-location='/nonexistent/keystore.jks' "
                     + "(application.properties file " + file + ") must be empty or a file that exists",
                refused.getMessage());
    }

    @Test
    void refusesACommunityIdSeedBeyondSixteenBits() throws IOException {
        Path file = Files.writeString(bundledWithout("pipeline.enrich.community-id.seed=0"),
                "pipeline.enrich.community-id.seed=65536\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> Settings.read(properties("file:" + file)));

        assertEquals("invalid settings: pipeline.enrich.community-id.seed='65536' (application.properties file "
                     + file + ") must be a whole number from 0 to 65535", refused.getMessage());
    }

    @Test
    void namesAKeyThatNoSourceSets() throws IOException {
        Path file = bundledWithout("pipeline.output.linger-ms=5");

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> Settings.read(properties("file:" + file)));

        assertEquals("invalid settings: pipeline.output.linger-ms is not set "
                     + "(the bundled application.properties should define it: a broken build)", refused.getMessage());
    }

    @Test
    void namesAPlaceholderThatNamesNoProperty() throws IOException {
        Path file = Files.writeString(bundledWithout("pipeline.output.brokers={{pipeline.input.brokers}}"),
                "pipeline.output.brokers={{pipeline.input.brokerz}}\n", StandardCharsets.ISO_8859_1,
                StandardOpenOption.APPEND);

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> Settings.read(properties("file:" + file)));

        assertEquals("invalid settings: pipeline.output.brokers='{{pipeline.input.brokerz}}' "
                     + "(application.properties file " + file + ") names a property nothing sets",
                refused.getMessage());
    }

    @Test
    void refusesTheKafkaComponentsOwnSecurityOptionsTheSettingsWouldOverride() throws IOException {
        Path file = Files.writeString(folder.resolve("application.properties"), """
                camel.component.kafka.security-protocol=SASL_SSL
                camel.component.kafka.saslJaasConfig=secret
                camel.component.kafka.brokers=kafka:9092
                """, StandardCharsets.ISO_8859_1);
        String locations = "file:" + file + ",classpath:config/application.properties";

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> Settings.read(properties(locations)));

        String source = "(application.properties file " + file + ") is not used: set the pipeline.kafka.* keys, "
                        + "which every Kafka client of the pipeline uses (docs/kafka-security.md)";
        assertEquals("invalid settings: camel.component.kafka.saslJaasConfig " + source
                     + "; camel.component.kafka.security-protocol " + source, refused.getMessage());
    }

    /**
     * Camel's properties reading the given locations, with the folder of the data files set as the application sets it.
     */
    private PropertiesComponent properties(String locations) {
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation(locations);
        properties.addInitialProperty("pipeline.config-dir", "");
        context.start();
        return properties;
    }

    /** A copy of the bundled application.properties without one line. */
    private Path bundledWithout(String line) throws IOException {
        String bundled;
        try (InputStream in = SettingsTest.class.getResourceAsStream("/config/application.properties")) {
            bundled = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        String without = bundled.replace(line + "\n", "");
        assertEquals(bundled.length() - line.length() - 1, without.length(), "the bundled file has the line " + line);
        return Files.writeString(folder.resolve("application.properties"), without, StandardCharsets.ISO_8859_1);
    }
}
