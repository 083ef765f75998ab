package io.zeekpipeline.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness check {@code pipeline/parquet-output}: reports the outcome of the start-up check of
 * pipeline.parquet.base-path (a Parquet file written and removed there), which a start only gets past
 * when it passed; UP with the path, or with "disabled" when the Parquet output is off. Immutable.
 */
public final class ParquetOutputCheck extends PipelineHealthCheck {

    private final String basePath;
    private final boolean enabled;

    /** Made once the start-up check passed, or with {@code enabled} false when there is no Parquet output. */
    public ParquetOutputCheck(String basePath, boolean enabled) {
        super("parquet-output", Probe.READINESS);
        this.basePath = basePath;
        this.enabled = enabled;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("base_path", basePath);
        builder.detail("start_up_check", enabled ? "passed" : "disabled");
        builder.up();
    }
}
