package io.zeekpipeline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@PipelineTest(topics = @PipelineTest.Topic(name = "embedded-kafka-test", partitions = 3))
class EmbeddedKafkaIT {

    private static final String TOPIC = "embedded-kafka-test";
    private static final String GROUP = "embedded-kafka-test-group";
    private static final int RECORDS = 10;

    @Test
    void producesAndConsumesThroughTheEmbeddedBroker(EmbeddedKafka kafka) throws Exception {
        List<String> expected = IntStream.range(0, RECORDS).mapToObj(i -> "value-" + i).collect(Collectors.toList());

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < RECORDS; i++) {
                // distinct keys spread the records over the three partitions
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, expected.get(i))).get();
            }
        }
        assertEquals(RECORDS, kafka.endOffsetSum(TOPIC));

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(TOPIC));
            List<String> received = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.size() < RECORDS && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
            }
            // one more poll so that a duplicate or stray record would show up in the count
            consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));

            assertEquals(RECORDS, received.size());
            // order is only guaranteed within a partition, so compare sorted
            assertEquals(expected.stream().sorted().collect(Collectors.toList()),
                    received.stream().sorted().collect(Collectors.toList()));
            assertEquals(0, kafka.committedSum(GROUP, TOPIC));

            consumer.commitSync();
            assertEquals(RECORDS, kafka.committedSum(GROUP, TOPIC));
        }
    }
}
