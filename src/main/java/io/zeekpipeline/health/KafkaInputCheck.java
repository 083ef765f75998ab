package io.zeekpipeline.health;

import java.time.Duration;
import java.util.Map;

import io.zeekpipeline.delivery.ConsumerAssignments;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness check {@code pipeline/kafka-input}: UP when a broker of pipeline.input.brokers answers (asked through
 * the shared {@link BrokerProbe}, with the pipeline's Kafka security settings) and every input consumer has
 * joined the group, with partitions or without (the group has none for it, shown in the details); DOWN with the
 * reason otherwise. Thread-safe: {@link PipelineHealthCheck} runs one call at a time.
 */
public final class KafkaInputCheck extends PipelineHealthCheck {

    /** Result detail: input partitions the consumers hold. */
    public static final String PARTITIONS = "assigned_partitions";
    /** Result detail: consumers that joined the group and got no partition (more consumers than partitions). */
    public static final String IDLE = "consumers_without_partitions";

    private final BrokerProbe probe;
    private final int consumers;
    private final ConsumerAssignments assignments;
    private final Duration timeout;

    public KafkaInputCheck(BrokerProbe probe, int consumers, ConsumerAssignments assignments, Duration timeout) {
        super("kafka-input", Probe.READINESS);
        this.probe = probe;
        this.consumers = consumers;
        this.assignments = assignments;
        this.timeout = timeout;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int joined = assignments.joinedConsumers();
        builder.detail(PARTITIONS, assignments.partitionCount());
        builder.detail(IDLE, assignments.idleConsumers());
        builder.detail("joined_consumers", joined);
        BrokerProbe.Answer answer = probe.ask(timeout);
        if (answer.outcome() == BrokerProbe.Outcome.LOGIN_REFUSED) {
            builder.message(probe.refusedLogin(answer)).down();
        } else if (answer.outcome() != BrokerProbe.Outcome.REACHABLE) {
            builder.message("Kafka unreachable at " + probe.brokers() + " (pipeline.input.brokers): "
                            + answer.failure()).down();
        } else if (joined < consumers) {
            builder.message("waiting for partition assignment: " + joined + " of " + consumers
                            + " consumers joined the group").down();
        } else {
            builder.up();
        }
    }
}
