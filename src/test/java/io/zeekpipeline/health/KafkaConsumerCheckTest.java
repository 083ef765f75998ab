package io.zeekpipeline.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaConsumerCheckTest {

    /** Nothing listens on port 1: the probe's answer is "unreachable". */
    private final BrokerProbe probe = new BrokerProbe("localhost:1", Map.of(), Duration.ofMillis(500));
    private final List<KafkaConsumerTasks.Ended> ended = new ArrayList<>();
    private final KafkaConsumerCheck check = new KafkaConsumerCheck(() -> List.copyOf(ended), probe,
            Duration.ofMillis(500));

    @AfterEach
    void stopProbe() {
        probe.stop();
    }

    @Test
    void isALivenessCheck() {
        assertTrue(check.isLiveness());
        assertEquals(false, check.isReadiness());
    }

    @Test
    void staysUpWhileEveryTaskPolls() {
        HealthCheck.Result result = check.call();

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals(0, result.getDetails().get(KafkaConsumerCheck.ENDED));
    }

    @Test
    void goesDownWithCamelKafkasErrorWhileATaskHasEnded() {
        ended.add(new KafkaConsumerTasks.Ended("zeek-ingest", "zeek-raw", "consumer-g-1",
                "Gave up subscribing after 3 attempts"));

        HealthCheck.Result result = check.call();

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals(1, result.getDetails().get(KafkaConsumerCheck.ENDED));
        assertEquals("Kafka consumer consumer-g-1 of route 'zeek-ingest' (topic zeek-raw) stopped polling and does "
                     + "not reconnect: Gave up subscribing after 3 attempts; nothing is consumed until the pipeline "
                     + "restarts", result.getMessage().orElseThrow());

        ended.clear();
        assertEquals(HealthCheck.State.UP, check.call().getState(), "a restarted route polls again");
    }

    @Test
    void saysCamelKafkaGaveUpWhenItKeptNoErrorAndTheBrokersDidNotRefuseTheLogin() {
        ended.add(new KafkaConsumerTasks.Ended("zeek-ingest", "zeek-raw", "consumer-g-1", null));
        ended.add(new KafkaConsumerTasks.Ended("zeek-ingest", "zeek-raw", "consumer-g-2", null));

        HealthCheck.Result result = check.call();

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("2 Kafka consumer tasks ended, the first: Kafka consumer consumer-g-1 of route 'zeek-ingest' "
                     + "(topic zeek-raw) stopped polling and does not reconnect: camel-kafka gave up (its log says "
                     + "why); nothing is consumed until the pipeline restarts", result.getMessage().orElseThrow());
    }

    @Test
    void leavesOutAnEmptyClientId() {
        ended.add(new KafkaConsumerTasks.Ended("zeek-ingest", "zeek-raw", "", "Gave up subscribing after 3 attempts"));

        assertTrue(check.call().getMessage().orElseThrow().startsWith("Kafka consumer of route 'zeek-ingest' "),
                "no double space");
    }
}
