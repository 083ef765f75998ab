package io.zeekpipeline.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness check {@code pipeline/kafka-consumers}: DOWN while a camel-kafka consumer task has ended for good (it
 * gave up, or its login was refused: camel-kafka does not reconnect then), since nothing is consumed again until
 * a restart; the message says why, asking the shared {@link BrokerProbe} when camel-kafka kept no error. Logs an
 * ERROR when it goes DOWN. Thread-safe: {@link PipelineHealthCheck} runs one call at a time.
 */
public final class KafkaConsumerCheck extends PipelineHealthCheck {

    /** Result detail: consumer tasks that ended for good. */
    public static final String ENDED = "ended_consumer_tasks";

    private static final Logger LOG = LoggerFactory.getLogger("health");

    private final Supplier<List<KafkaConsumerTasks.Ended>> tasks;
    private final BrokerProbe probe;
    private final Duration timeout;
    /** The message of the current DOWN, made once: asking the brokers why can take the timeout. */
    private String downMessage;

    /**
     * @param tasks   the consumer tasks that ended for good ({@link KafkaConsumerTasks#ended()})
     * @param timeout how long the probe may take to tell why, once per DOWN
     */
    public KafkaConsumerCheck(Supplier<List<KafkaConsumerTasks.Ended>> tasks, BrokerProbe probe, Duration timeout) {
        super("kafka-consumers", Probe.LIVENESS);
        this.tasks = tasks;
        this.probe = probe;
        this.timeout = timeout;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<KafkaConsumerTasks.Ended> ended = tasks.get();
        builder.detail(ENDED, ended.size());
        if (ended.isEmpty()) {
            builder.up();
            if (downMessage != null) {
                downMessage = null;
                LOG.info("every Kafka consumer polls again: the pipeline is live");
            }
            return;
        }
        if (downMessage == null) {
            downMessage = message(ended);
            LOG.error("liveness DOWN: {}", downMessage);
        }
        builder.message(downMessage).down();
    }

    private String message(List<KafkaConsumerTasks.Ended> ended) {
        KafkaConsumerTasks.Ended first = ended.get(0);
        String which = ended.size() == 1 ? "" : ended.size() + " Kafka consumer tasks ended, the first: ";
        // camel-kafka reads the client id of a Kafka 3.9 consumer as empty
        String client = first.clientId() == null || first.clientId().isEmpty() ? "" : " " + first.clientId();
        return which + "Kafka consumer" + client + " of route '" + first.routeId() + "' (topic " + first.topic()
               + ") stopped polling and does not reconnect: " + reason(first)
               + "; nothing is consumed until the pipeline restarts";
    }

    private String reason(KafkaConsumerTasks.Ended task) {
        if (task.error() != null) {
            return task.error();
        }
        // camel-kafka keeps no error when a poll ends the task; a refused login is the one it never retries
        BrokerProbe.Answer answer = probe.ask(timeout);
        return answer.outcome() == BrokerProbe.Outcome.LOGIN_REFUSED ? probe.refusedLogin(answer)
                : "camel-kafka gave up (its log says why)";
    }
}
