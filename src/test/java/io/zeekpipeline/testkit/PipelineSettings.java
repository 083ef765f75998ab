package io.zeekpipeline.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Property overrides tests start the pipeline with. Stateless. */
public final class PipelineSettings {

    private PipelineSettings() {
    }

    /** The broker, group and Parquet folder; the bundled defaults for the rest. A mutable map, for more overrides. */
    public static Map<String, String> reading(EmbeddedKafka kafka, String group, Path output) {
        Map<String, String> settings = new HashMap<>();
        settings.put("pipeline.input.brokers", kafka.bootstrapServers());
        settings.put("pipeline.input.group-id", group);
        settings.put("pipeline.parquet.base-path", output.toString());
        return settings;
    }

    /**
     * The broker, group and Parquet folder, with every Parquet flush condition out of reach, so only
     * a stop or a partition handover writes files. A mutable map, for more overrides.
     */
    public static Map<String, String> onlyStopsWriteFiles(EmbeddedKafka kafka, String group, Path output) {
        Map<String, String> settings = reading(kafka, group, output);
        settings.put("pipeline.flush.event-count", "1000000");
        settings.put("pipeline.flush.interval-seconds", "3600");
        settings.put("pipeline.flush.buffer-mb", "0");
        return settings;
    }
}
