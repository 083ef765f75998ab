package io.zeekpipeline.ops;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.camel.Service;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * camel-kafka's client factory that binds Micrometer's Kafka client metrics (fetch lag per partition,
 * request and commit rates, ...) of every consumer and producer it makes to the pipeline's registry.
 * Thread-safe.
 */
public final class KafkaClientMeters extends DefaultKafkaClientFactory implements Service {

    private final MeterRegistry registry;
    /** One thread for every client: Micrometer looks for new client metrics (a partition assigned) each minute. */
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kafka-client-meters");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * The binder of the consumer a polling thread made last. camel-kafka closes a consumer and makes its
     * successor (a reconnect) on that consumer's thread, so a new consumer retires the meters of the old one,
     * which would otherwise report its last lag for ever.
     */
    private final Map<Thread, KafkaClientMetrics> consumerMeters = new ConcurrentHashMap<>();
    private final Map<Producer<?, ?>, KafkaClientMetrics> producerMeters = new ConcurrentHashMap<>();

    public KafkaClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Consumer getConsumer(Properties kafkaProps) {
        Consumer<?, ?> consumer = super.getConsumer(kafkaProps);
        // the old binder goes first: with the same client.id its meters are the new binder's too
        KafkaClientMetrics retired = consumerMeters.remove(Thread.currentThread());
        if (retired != null) {
            retired.close();
        }
        KafkaClientMetrics meters = new KafkaClientMetrics(consumer, List.of(), refresher);
        meters.bindTo(registry);
        consumerMeters.put(Thread.currentThread(), meters);
        return consumer;
    }

    @Override
    public Producer getProducer(Properties kafkaProps) {
        Producer<?, ?> producer = super.getProducer(kafkaProps);
        KafkaClientMetrics meters = new KafkaClientMetrics(producer, List.of(), refresher);
        meters.bindTo(registry);
        producerMeters.put(producer, meters);
        return producer;
    }

    @Override
    public void start() {
        // binders start with their clients
    }

    /** After the routes stopped (Camel stops services last): removes every client's meters. */
    @Override
    public void stop() {
        refresher.shutdownNow();
        consumerMeters.values().forEach(KafkaClientMetrics::close);
        producerMeters.values().forEach(KafkaClientMetrics::close);
        consumerMeters.clear();
        producerMeters.clear();
    }
}
