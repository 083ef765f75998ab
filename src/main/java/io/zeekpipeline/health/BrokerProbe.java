package io.zeekpipeline.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.camel.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * Asks the input brokers to describe their cluster, through one admin client with the pipeline's Kafka security
 * settings, made on the first question and closed at the stop; the start-up check and the readiness check both
 * ask through it. Thread-safe: questions may overlap.
 */
public final class BrokerProbe implements Service {

    private final String brokers;
    private final Map<String, Object> security;
    private final Duration requestTimeout;
    private Admin admin;
    private boolean stopped;

    /**
     * @param security       Kafka client properties (security.protocol, sasl.*, ssl.*) the admin client adds
     * @param requestTimeout how long one request to a broker may take; a question may retry within its own timeout
     */
    public BrokerProbe(String brokers, Map<String, Object> security, Duration requestTimeout) {
        this.brokers = brokers;
        this.security = Map.copyOf(security);
        this.requestTimeout = requestTimeout;
    }

    /** How a question ended. */
    public enum Outcome {
        /** A broker described the cluster. */
        REACHABLE,
        /** No broker answered in time, or the answer was an error. */
        UNREACHABLE,
        /** A broker refused the login (SASL credentials, TLS handshake): retrying does not help. */
        LOGIN_REFUSED,
        /** The application is stopping: the probe no longer asks. */
        STOPPED
    }

    /** What the brokers answered: how many there are, or why there is no answer (the Kafka client's words). */
    public record Answer(Outcome outcome, int brokers, String failure) {
    }

    /** The bootstrap servers asked (pipeline.input.brokers). */
    public String brokers() {
        return brokers;
    }

    /** Asks once, waiting at most the timeout. */
    public Answer ask(Duration timeout) {
        Admin client = admin();
        if (client == null) {
            return new Answer(Outcome.STOPPED, 0, "stopping");
        }
        try {
            int count = client.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get().size();
            return new Answer(Outcome.REACHABLE, count, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Outcome outcome = isStopped() ? Outcome.STOPPED
                    // a wrong password or TLS handshake fails at once, unlike an unreachable broker: say which
                    : cause instanceof AuthenticationException ? Outcome.LOGIN_REFUSED : Outcome.UNREACHABLE;
            return new Answer(outcome, 0, cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.STOPPED, 0, "interrupted");
        }
    }

    /** The message for an answer whose login the brokers refused, naming the settings to check. */
    public String refusedLogin(Answer answer) {
        return "Kafka at " + brokers + " refused the login (pipeline.kafka.* settings): " + answer.failure();
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private synchronized Admin admin() {
        if (admin == null && !stopped) {
            int millis = (int) requestTimeout.toMillis();
            Map<String, Object> config = new HashMap<>(security);
            config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "zeek-pipeline-broker-probe",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public void start() {
        // the admin client is made on the first question: no connection before anyone asks
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
