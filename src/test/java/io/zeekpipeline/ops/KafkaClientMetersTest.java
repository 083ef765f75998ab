package io.zeekpipeline.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Kafka consumers (no broker needed to make one) and the meters their binders put in a registry. */
class KafkaClientMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaClientMeters factory = new KafkaClientMeters(registry);
    private final List<Consumer<?, ?>> consumers = new ArrayList<>();

    @AfterEach
    void close() {
        consumers.forEach(Consumer::close);
        factory.stop();
    }

    @Test
    void aConsumerMadeOnTheSameThreadRetiresTheMetersOfTheOneBefore() {
        consumer("first");
        assertTrue(hasMeters("first"));

        consumer("second");

        assertFalse(hasMeters("first"), "the closed consumer's meters are gone");
        assertTrue(hasMeters("second"));
    }

    @Test
    void aSuccessorWithTheSameClientIdKeepsItsMeters() {
        consumer("same");
        int meters = registry.find("kafka.consumer.connection.creation.total").tag("client.id", "same").meters().size();

        consumer("same");

        assertEquals(meters, registry.find("kafka.consumer.connection.creation.total").tag("client.id", "same")
                .meters().size());
        assertTrue(meters > 0);
    }

    @Test
    void consumersOfOtherThreadsKeepTheirMetersUntilStop() throws Exception {
        Thread other = new Thread(() -> consumer("other-thread"));
        other.start();
        other.join();

        consumer("this-thread");

        assertTrue(hasMeters("other-thread"));
        factory.stop();
        assertFalse(hasMeters("other-thread"));
        assertFalse(hasMeters("this-thread"));
    }

    private synchronized void consumer(String clientId) {
        Properties props = new Properties();
        // a port nothing listens on: a consumer connects at its first poll only
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "meters-test");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumers.add(factory.getConsumer(props));
    }

    private boolean hasMeters(String clientId) {
        return !registry.find("kafka.consumer.connection.creation.total").tag("client.id", clientId).meters()
                .isEmpty();
    }
}
