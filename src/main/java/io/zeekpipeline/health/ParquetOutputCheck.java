package io.zeekpipeline.health;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness check {@code pipeline/parquet-output}: reports the outcome of the start-up check of
 * pipeline.parquet.base-path (a Parquet file written and removed there), which a start only gets past
 * when it passed; UP with the path once it passed, or with "disabled" when the Parquet output is off, DOWN while
 * it runs. Thread-safe.
 */
public final class ParquetOutputCheck extends PipelineHealthCheck {

    private final String basePath;
    private final boolean enabled;
    private final BooleanSupplier passed;

    /** {@code enabled} false when there is no Parquet output; {@code passed} tells whether the check passed. */
    public ParquetOutputCheck(String basePath, boolean enabled, BooleanSupplier passed) {
        super("parquet-output", Probe.READINESS);
        this.basePath = basePath;
        this.enabled = enabled;
        this.passed = passed;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("base_path", basePath);
        if (!enabled) {
            builder.detail("start_up_check", "disabled").up();
        } else if (passed.getAsBoolean()) {
            builder.detail("start_up_check", "passed").up();
        } else {
            // the management server answers while the check still runs (it runs beside the start)
            builder.detail("start_up_check", "running").message("the start-up check of the Parquet output runs")
                    .down();
        }
    }
}
