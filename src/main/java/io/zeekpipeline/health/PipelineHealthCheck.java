package io.zeekpipeline.health;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check of the pipeline's own, in the {@code pipeline} group, counted either for liveness or for
 * readiness (never both). Thread-safety as {@link AbstractHealthCheck}: one call at a time.
 */
abstract class PipelineHealthCheck extends AbstractHealthCheck {

    /** Which probe the check answers. */
    enum Probe { LIVENESS, READINESS }

    private final Probe probe;

    PipelineHealthCheck(String id, Probe probe) {
        super("pipeline", id);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return probe == Probe.LIVENESS;
    }

    @Override
    public boolean isReadiness() {
        return probe == Probe.READINESS;
    }
}
