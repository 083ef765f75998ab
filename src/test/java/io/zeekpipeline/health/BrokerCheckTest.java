package io.zeekpipeline.health;

import java.net.ServerSocket;
import java.time.Duration;

import io.zeekpipeline.testkit.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerCheckTest {

    @Test
    void findsARunningBroker() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            assertTrue(new BrokerCheck(kafka.bootstrapServers(), Duration.ofSeconds(30)).check());
        }
    }

    @Test
    void reportsAPortNothingListensOn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertFalse(new BrokerCheck("localhost:" + closedPort, Duration.ofSeconds(2)).check());
    }
}
