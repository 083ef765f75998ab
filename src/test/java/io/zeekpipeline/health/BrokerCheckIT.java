package io.zeekpipeline.health;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@PipelineTest
class BrokerCheckIT {

    @Test
    void findsARunningBroker(EmbeddedKafka kafka) {
        assertTrue(check(kafka.bootstrapServers(), Duration.ofSeconds(30)));
    }

    @Test
    void reportsAPortNothingListensOn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertFalse(check("localhost:" + closedPort, Duration.ofSeconds(2)));
    }

    private static boolean check(String brokers, Duration timeout) {
        BrokerProbe probe = new BrokerProbe(brokers, Map.of(), timeout);
        try {
            return new BrokerCheck(probe, timeout).check();
        } finally {
            probe.stop();
        }
    }
}
