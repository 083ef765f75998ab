package io.zeekpipeline.testkit;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process single-node KRaft Kafka broker (combined broker + controller) for tests and demos; thread-safe, close once when done. */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final long TIMEOUT_MS = 30_000;

    private final KafkaClusterTestKit cluster;
    private final File baseDirectory;
    private final Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaClusterTestKit cluster, Admin admin) {
        this.cluster = cluster;
        this.baseDirectory = new File(cluster.nodes().baseDirectory());
        this.admin = admin;
    }

    /** Formats, starts and waits until the broker accepts requests. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with broker settings that replace the test defaults below. */
    public static EmbeddedKafka start(Map<String, String> brokerSettings) {
        long startNanos = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // The testkit defaults to the in-development metadata version; pin the released one so
                    // the broker behaves like a production 3.9 broker towards our clients.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    // The default 50 __consumer_offsets partitions make the first group join take about a second.
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "1")
                    .setConfigProp("auto.create.topics.enable", "true");
            brokerSettings.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, admin);
            LOG.info("Embedded Kafka started at {} in {} ms", kafka.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return kafka;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw new IllegalStateException("Embedded Kafka failed to start", e);
        }
    }

    /** A started broker with a topic of the given partitions already holding the values. */
    public static EmbeddedKafka startWith(String topic, int partitions, List<byte[]> values) {
        EmbeddedKafka kafka = start();
        kafka.createTopic(topic, partitions);
        kafka.produce(topic, values);
        return kafka;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topic (replication factor 1) and waits until the broker serves metadata for all its partitions. */
    public void createTopic(String name, int partitions) {
        await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all());
        // CreateTopics completes once the controller commits; the broker applies that metadata asynchronously.
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!brokerKnowsLeaders(name, partitions)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Topic " + name + " has no leaders after " + TIMEOUT_MS + " ms");
            }
            sleep(50);
        }
    }

    /** Sends the values (null keys, acks=all) and waits until the broker has them all. */
    public void produce(String topic, List<byte[]> values) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(topic, value)));
            producer.flush();
        }
    }

    /** Every record of the topic from the start, read by a consumer of a group of its own (up to 30 s). */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
        long expected = endOffsetSum(topic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (all.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** Sum over all partitions of the topic's latest (log end) offsets. */
    public boolean hasTopic(String topic) {
        return await(admin.listTopics().names()).contains(topic);
    }

    public long endOffsetSum(String topic) {
        Map<TopicPartition, OffsetSpec> latest = partitionsOf(topic).stream()
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> offsets = await(admin.listOffsets(latest).all());
        return offsets.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /** Sum of the group's committed offsets over the topic's partitions, counting 0 where nothing is committed. */
    public long committedSum(String groupId, String topic) {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitionsOf(topic));
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(Map.of(groupId, spec)).partitionsToOffsetAndMetadata(groupId));
        return committed.values().stream().mapToLong(o -> o == null ? 0L : o.offset()).sum();
    }

    /** Stops the broker and controller and deletes the temporary log and metadata directories. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        try {
            admin.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure = chain(failure, new IllegalStateException("Embedded Kafka failed to shut down", e));
        }
        // The testkit only deletes its directories when shutdown succeeds; do it regardless.
        try {
            Utils.delete(baseDirectory);
        } catch (IOException e) {
            failure = chain(failure, new IllegalStateException("Could not delete " + baseDirectory, e));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private boolean brokerKnowsLeaders(String topic, int partitions) {
        try {
            TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private Set<TopicPartition> partitionsOf(String topic) {
        TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return description.partitions().stream()
                .map(TopicPartitionInfo::partition)
                .map(p -> new TopicPartition(topic, p))
                .collect(Collectors.toSet());
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the admin client", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Admin request timed out after " + TIMEOUT_MS + " ms", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
