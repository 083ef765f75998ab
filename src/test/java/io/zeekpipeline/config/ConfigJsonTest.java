package io.zeekpipeline.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigJsonTest {

    /** The seed's example config.json. */
    private static final String EXAMPLE = """
            {
              "kafka": {
                "brokers": ["localhost:9092"],
                "topic": "zeek-raw",
                "group_id": "zeek-consumer",
                "max_poll_records": 1000
              },
              "output": {
                "parquet": {"enabled": true, "base_path": "./output", "file_prefix": "events"},
                "kafka": {"enabled": true, "brokers": ["localhost:9092"], "topic": "zeek-normalized",
                          "compression": "lz4"}
              },
              "log": {"path": "./log"},
              "write": {"flush_buffer_mb": 1, "flush_interval_seconds": 60, "flush_event_count": 1000}
            }
            """;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path folder;

    private Map<String, String> propertiesOf(String json) throws IOException {
        Path file = Files.writeString(folder.resolve("config.json"), json);
        return ConfigJson.read(file).toProperties();
    }

    /** Replaces the value at {@code section.key} or {@code section.sub.key} with the given JSON. */
    private static ObjectNode set(ObjectNode config, String dottedKey, String jsonValue) throws IOException {
        String[] parts = dottedKey.split("\\.");
        ObjectNode parent = config;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], MAPPER.readTree(jsonValue));
        return config;
    }

    private static ObjectNode example() throws IOException {
        return (ObjectNode) MAPPER.readTree(EXAMPLE);
    }

    @Test
    void mapsTheExampleConfigToPipelineProperties() throws IOException {
        assertEquals(Map.ofEntries(
                entry("pipeline.config-dir", folder.toAbsolutePath().toString()),
                entry("pipeline.input.brokers", "localhost:9092"),
                entry("pipeline.input.topic", "zeek-raw"),
                entry("pipeline.input.group-id", "zeek-consumer"),
                entry("pipeline.input.max-poll-records", "1000"),
                entry("pipeline.parquet.enabled", "true"),
                entry("pipeline.parquet.base-path", "./output"),
                entry("pipeline.parquet.file-prefix", "events"),
                entry("pipeline.output.enabled", "true"),
                entry("pipeline.output.brokers", "localhost:9092"),
                entry("pipeline.output.topic", "zeek-normalized"),
                entry("pipeline.output.compression", "lz4"),
                entry("pipeline.log.path", "./log"),
                entry("pipeline.flush.buffer-mb", "1"),
                entry("pipeline.flush.interval-seconds", "60"),
                entry("pipeline.flush.event-count", "1000")), propertiesOf(EXAMPLE));
    }

    @Test
    void joinsSeveralBrokersWithCommas() throws IOException {
        ObjectNode config = set(example(), "kafka.brokers", "[\"k1:9092\", \" k2:9093\"]");

        assertEquals("k1:9092,k2:9093", propertiesOf(config.toString()).get("pipeline.input.brokers"));
    }

    @Test
    void setsOnlyThePropertiesTheConfigHas() throws IOException {
        assertEquals(Map.of("pipeline.config-dir", folder.toAbsolutePath().toString(), "pipeline.input.topic", "t"),
                propertiesOf("{\"kafka\": {\"topic\": \"t\"}}"));
    }

    @Test
    void failsNamingEveryInvalidKey() throws IOException {
        ObjectNode config = example();
        set(config, "kafka.brokers", "[\"localhost\"]");
        set(config, "write.flush_event_count", "-1");
        set(config, "output.kafka.compression", "\"brotli\"");
        set(config, "output.parquet.enabled", "\"yes\"");
        set(config, "kafka.max_poll_records", "0");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> propertiesOf(config.toString()));
        for (String key : new String[] {"kafka.brokers", "write.flush_event_count", "output.kafka.compression",
            "output.parquet.enabled", "kafka.max_poll_records"}) {
            assertTrue(e.getMessage().contains(key), () -> "'" + e.getMessage() + "' does not name " + key);
        }
    }

    @Test
    void refusesUnknownKeysNamingEachWithTheClosestKnownKey() throws IOException {
        ObjectNode config = example();
        set(config, "kafka.topicz", "\"zeek-raw\"");
        config.set("ouptut", MAPPER.readTree("{}"));
        set(config, "write.flush_evnt_count", "10");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> propertiesOf(config.toString()));
        assertTrue(e.getMessage().contains("unknown key kafka.topicz in config.json (did you mean kafka.topic?)"),
                e::getMessage);
        assertTrue(e.getMessage().contains("unknown key ouptut in config.json (did you mean output?)"), e::getMessage);
        assertTrue(e.getMessage().contains(
                "unknown key write.flush_evnt_count in config.json (did you mean write.flush_event_count?)"),
                e::getMessage);
    }

    @Test
    void refusesAnUnknownKeyUnlikeAnyKnownOneWithoutASuggestion() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> propertiesOf("{\"kafka\": {\"topic\": \"t\"}, \"prometheus\": {\"port\": 9404}}"));
        assertTrue(e.getMessage().endsWith(": unknown key prometheus in config.json"), e::getMessage);
    }

    @Test
    void namesFileLineAndColumnOfAJsonSyntaxError() throws IOException {
        Path file = Files.writeString(folder.resolve("config.json"), "{\n  \"kafka\": {\"topic\": \"t\",}\n}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigJson.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2:26: invalid JSON: "), e::getMessage);
        assertEquals(1, e.getMessage().lines().count(), e::getMessage);
    }

    @Test
    void rejectsAConfigThatIsNotAJsonObject() throws IOException {
        Path file = Files.writeString(folder.resolve("config.json"), "[1, 2]");

        assertThrows(IllegalArgumentException.class, () -> ConfigJson.read(file));
    }

    @Test
    void rejectsAMissingFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(folder.resolve("absent.json")));
        assertTrue(e.getMessage().contains("does not exist"), e::getMessage);
    }
}
