package io.zeekpipeline.health;

import java.net.ServerSocket;
import java.time.Duration;

import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@PipelineTest
class BrokerCheckIT {

    @Test
    void findsARunningBroker(EmbeddedKafka kafka) {
        assertTrue(new BrokerCheck(kafka.bootstrapServers(), Duration.ofSeconds(30)).check());
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
