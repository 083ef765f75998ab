package io.zeekpipeline.health;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the input brokers once, while the routes start, whether any of them answers (through the shared
 * {@link BrokerProbe}), and says so in one line: the Kafka clients' own warning for every failed connection
 * attempt is off (config.LogConfigurator). Stateless; the start-up check runs on a daemon thread of its own, so
 * neither the start nor a stop waits for it, and it loads the Kafka client's classes beside the start instead of
 * after it, on the consumers' way to their first record.
 */
public final class BrokerCheck {

    private static final Logger LOG = LoggerFactory.getLogger("kafka");

    private final BrokerProbe probe;
    private final Duration timeout;

    public BrokerCheck(BrokerProbe probe, Duration timeout) {
        this.probe = probe;
        this.timeout = timeout;
    }

    /** Starts the check on a daemon thread. */
    public void startInBackground() {
        Thread thread = new Thread(this::check, "broker-check");
        thread.setDaemon(true);
        thread.start();
    }

    /** True when a broker described its cluster within the timeout; logs the outcome either way, unless stopping. */
    public boolean check() {
        BrokerProbe.Answer answer = probe.ask(timeout);
        switch (answer.outcome()) {
            case REACHABLE -> LOG.info("Kafka reachable at {}: {} broker(s)", probe.brokers(), answer.brokers());
            // camel-kafka ends a consumer whose login is refused instead of retrying it
            case LOGIN_REFUSED -> LOG.error("{}; nothing is consumed until the settings are fixed and the pipeline "
                                            + "restarted", probe.refusedLogin(answer));
            case UNREACHABLE -> LOG.error("no Kafka broker reachable at {} (pipeline.input.brokers) within {} s: {}; "
                                          + "the consumers keep trying and nothing is consumed until one answers",
                    probe.brokers(), timeout.toSeconds(), answer.failure());
            // stopped before the brokers answered: the answer no longer matters
            case STOPPED -> { }
        }
        return answer.outcome() == BrokerProbe.Outcome.REACHABLE;
    }
}
