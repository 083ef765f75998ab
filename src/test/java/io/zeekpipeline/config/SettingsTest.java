package io.zeekpipeline.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
