package io.zeekpipeline.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.zeekpipeline.delivery.ConsumerAssignments;
import org.apache.camel.Service;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness check {@code pipeline/kafka-input}: UP when a broker of pipeline.input.brokers answers and
 * every input consumer has joined the group, with partitions or without (the group has none for it,
 * shown in the details); DOWN with the reason otherwise. Keeps one admin client from the first call to
 * the stop, with the security settings of the kafka component (camel.component.kafka.*). Thread-safe:
 * {@link PipelineHealthCheck} runs one call at a time.
 */
public final class KafkaInputCheck extends PipelineHealthCheck implements Service {

    /** Result detail: input partitions the consumers hold. */
    public static final String PARTITIONS = "assigned_partitions";
    /** Result detail: consumers that joined the group and got no partition (more consumers than partitions). */
    public static final String IDLE = "consumers_without_partitions";

    private final String brokers;
    private final int consumers;
    private final ConsumerAssignments assignments;
    private final Duration timeout;
    private Admin admin;

    public KafkaInputCheck(String brokers, int consumers, ConsumerAssignments assignments, Duration timeout) {
        super("kafka-input", Probe.READINESS);
        this.brokers = brokers;
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
        String unreachable = unreachable();
        if (unreachable != null) {
            builder.message("Kafka unreachable at " + brokers + " (pipeline.input.brokers): " + unreachable).down();
        } else if (joined < consumers) {
            builder.message("waiting for partition assignment: " + joined + " of " + consumers
                            + " consumers joined the group").down();
        } else {
            builder.up();
        }
    }

    /** Null when a broker described the cluster within the timeout, else why not. */
    private synchronized String unreachable() {
        if (admin == null) {
            admin = BrokerCheck.admin(brokers, timeout, "zeek-pipeline-readiness", securitySettings());
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes().get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The kafka component's security.*, sasl.* and ssl.* client settings: the consumers' own way in. */
    private Map<String, Object> securitySettings() {
        Map<String, Object> security = new HashMap<>();
        getCamelContext().getComponent("kafka", KafkaComponent.class).getConfiguration().createConsumerProperties()
                .forEach((key, value) -> {
                    String name = (String) key;
                    if (name.startsWith("security.") || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                        security.put(name, value);
                    }
                });
        return security;
    }

    @Override
    public void start() {
        // the admin client is made on the first call: no connection before anyone asks
    }

    @Override
    public synchronized void stop() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
