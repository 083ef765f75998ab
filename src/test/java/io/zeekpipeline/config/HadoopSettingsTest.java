package io.zeekpipeline.config;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HadoopSettingsTest {

    private static PropertiesComponent properties(Map<String, String> file, Map<String, String> overrides) {
        CamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(file);
        Properties override = new Properties();
        override.putAll(overrides);
        context.getPropertiesComponent().setInitialProperties(initial);
        context.getPropertiesComponent().setOverrideProperties(override);
        return context.getPropertiesComponent();
    }

    @Test
    void passesEveryPipelineHadoopKeyOnWithoutItsPrefix() {
        PropertiesComponent properties = properties(Map.of(
                "pipeline.hadoop.fs.s3a.endpoint", "http://minio:9000",
                "pipeline.hadoop.fs.defaultFS", "file:///",
                "pipeline.hadoop.fs.s3a.path.style.access", "false",
                "pipeline.parquet.base-path", "s3a://zeek/out"),
                Map.of("pipeline.hadoop.fs.s3a.path.style.access", "true"));
        System.setProperty("pipeline.hadoop.fs.s3a.connection.maximum", "8");
        try {
            assertEquals(Map.of(
                    "fs.s3a.endpoint", "http://minio:9000",
                    "fs.defaultFS", "file:///",
                    "fs.s3a.path.style.access", "true",
                    "fs.s3a.connection.maximum", "8"), HadoopSettings.from(properties));
        } finally {
            System.clearProperty("pipeline.hadoop.fs.s3a.connection.maximum");
        }
    }

    @Test
    void refusesTheBarePrefix() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HadoopSettings.from(properties(Map.of("pipeline.hadoop.", "x"), Map.of())));

        assertEquals("pipeline.hadoop. names no Hadoop key: write pipeline.hadoop.<hadoop key>=value",
                refused.getMessage());
    }
}
