package io.zeekpipeline.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the input brokers once, right after the start, whether any of them answers, and says so in one
 * line: the Kafka clients' own warning for every failed connection attempt is off (log4j2.xml). Stateless;
 * the start-up check runs on a daemon thread of its own, so neither the start nor a stop waits for it.
 */
public final class BrokerCheck implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger("kafka");

    private final String brokers;
    private final Duration timeout;

    public BrokerCheck(String brokers, Duration timeout) {
        this.brokers = brokers;
        this.timeout = timeout;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        Thread thread = new Thread(this::check, "broker-check");
        thread.setDaemon(true);
        thread.start();
    }

    /** An admin client whose requests give up after the timeout, with the given client settings (security) too. */
    static Admin admin(String brokers, Duration timeout, String clientId, Map<String, Object> settings) {
        int millis = (int) timeout.toMillis();
        Map<String, Object> config = new HashMap<>(settings);
        config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
        return Admin.create(config);
    }

    /** True when a broker described its cluster within the timeout; logs the outcome either way. */
    public boolean check() {
        int millis = (int) timeout.toMillis();
        try (Admin admin = admin(brokers, timeout, "zeek-pipeline-broker-check", Map.of())) {
            Collection<Node> nodes =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes().get();
            LOG.info("Kafka reachable at {}: {} broker(s)", brokers, nodes.size());
            return true;
        } catch (ExecutionException e) {
            LOG.error("no Kafka broker reachable at {} (pipeline.input.brokers) within {} s: {}; the consumers keep "
                      + "trying and nothing is consumed until one answers", brokers, timeout.toSeconds(),
                    e.getCause().getMessage());
            return false;
        } catch (InterruptedException e) {
            // stopped while waiting: the answer no longer matters
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
