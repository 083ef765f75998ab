package io.zeekpipeline.testkit;

import java.io.File;
import java.io.IOException;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.plain.internals.PlainSaslServerProvider;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process single-node KRaft Kafka broker (combined broker + controller) for tests and demos; thread-safe, close once
 * when done.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final long TIMEOUT_MS = 30_000;
    private static final ListenerName SASL_LISTENER = new ListenerName("SASL");

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

    /**
     * As {@link #start()}, and a second listener, SASL_PLAINTEXT, that takes PLAIN and SCRAM-SHA-512 logins of these
     * users (name to password) at {@link #saslBootstrapServers()}. The controller and {@link #bootstrapServers()}
     * (what this class's own clients use) stay PLAINTEXT, as does the traffic between broker and controller.
     */
    public static EmbeddedKafka startWithSasl(Map<String, String> users) {
        String plainUsers = users.entrySet().stream()
                .map(user -> " user_" + user.getKey() + "=\"" + user.getValue() + "\"")
                .collect(Collectors.joining());
        putKafkasPlainServerFirst();
        String sasl = SASL_LISTENER.value();
        String prefix = "listener.name." + sasl.toLowerCase(Locale.ROOT) + ".";
        EmbeddedKafka kafka = start(Map.of(
                // the testkit's own listener names, and one more
                "listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + sasl + "://localhost:0",
                "listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + sasl + ":SASL_PLAINTEXT",
                prefix + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512",
                prefix + "plain.sasl.jaas.config", PlainLoginModule.class.getName() + " required" + plainUsers + ";",
                prefix + "scram-sha-512.sasl.jaas.config", ScramLoginModule.class.getName() + " required;"));
        try {
            // SCRAM credentials live in the cluster metadata, set through the (PLAINTEXT) admin client
            await(kafka.admin.alterUserScramCredentials(users.entrySet().stream()
                    .map(user -> (UserScramCredentialAlteration) new UserScramCredentialUpsertion(user.getKey(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), user.getValue()))
                    .toList()).all());
            kafka.awaitScramLogins(users);
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * Hadoop's mini HDFS cluster (HdfsEndToEndIT, same test JVM) installs a SASL PLAIN server of its own; the broker
     * would take it over Kafka's and refuse every PLAIN login, so Kafka's goes first.
     */
    private static void putKafkasPlainServerFirst() {
        PlainSaslServerProvider.initialize();
        Provider kafkas = Arrays.stream(Security.getProviders())
                .filter(provider -> provider instanceof PlainSaslServerProvider).findFirst().orElseThrow();
        Security.removeProvider(kafkas.getName());
        Security.insertProviderAt(kafkas, 1);
    }

    /** Waits until the broker has applied the SCRAM credentials the controller committed. */
    private void awaitScramLogins(Map<String, String> users) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        for (Map.Entry<String, String> user : users.entrySet()) {
            Map<String, Object> login = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslBootstrapServers(),
                    "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", ScramLoginModule.class.getName() + " required username=\"" + user.getKey()
                                        + "\" password=\"" + user.getValue() + "\";");
            try (Admin probe = Admin.create(login)) {
                while (true) {
                    try {
                        await(probe.describeCluster().nodes());
                        break;
                    } catch (IllegalStateException e) {
                        if (System.currentTimeMillis() > deadline) {
                            throw e;
                        }
                        sleep(100);
                    }
                }
            }
        }
    }

    /** The PLAINTEXT listener, for this class's own clients. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The SASL_PLAINTEXT listener of {@link #startWithSasl(Map)}. */
    public String saslBootstrapServers() {
        return "localhost:" + cluster.brokers().values().iterator().next().boundPort(SASL_LISTENER);
    }

    /** Creates the topic (replication factor 1) and waits until the broker serves metadata for all its partitions. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** As {@link #createTopic(String, int)}, with topic settings such as {@code max.message.bytes}. */
    public void createTopic(String name, int partitions, Map<String, String> topicSettings) {
        await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicSettings))).all());
        // CreateTopics completes once the controller commits; the broker applies that metadata asynchronously.
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!brokerKnowsLeaders(name, partitions)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Topic " + name + " has no leaders after " + TIMEOUT_MS + " ms");
            }
            sleep(50);
        }
    }

    /** Deletes the topic and its records (the broker removes the files shortly after). */
    public void deleteTopic(String name) {
        await(admin.deleteTopics(List.of(name)).all());
    }

    /**
     * Sends the values (null keys, acks=all), waits until the broker has them all, and returns where each landed, in
     * order.
     */
    public List<RecordMetadata> produce(String topic, List<byte[]> values) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // one request at a time: a retried request cannot overtake (the broker then refused a whole batch as out of
        // order)
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        // the topic decides what is too large, not this producer
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
            values.forEach(value -> sent.add(producer.send(new ProducerRecord<>(topic, value))));
            producer.flush();
            List<RecordMetadata> landed = new ArrayList<>(values.size());
            for (Future<RecordMetadata> ack : sent) {
                // a lost test record would show up as a pipeline fault much later
                landed.add(await(ack));
            }
            return landed;
        }
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

    /** Every record of the topic, read from the start until the log end offsets seen at the call (30 s at most). */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        read(topic, endOffsetSum(topic), Duration.ofMillis(TIMEOUT_MS), all::add);
        return all;
    }

    /**
     * Hands each record of the topic, from the start until the log end offsets seen at the call, to the action
     * without keeping them (for topics too large to hold); fails when they are not all read within the timeout.
     */
    public void forEachRecord(String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        long expected = endOffsetSum(topic);
        long read = read(topic, expected, timeout, action);
        if (read < expected) {
            throw new IllegalStateException("read " + read + " of the " + expected + " records of " + topic
                                            + " within " + timeout);
        }
    }

    /**
     * Hands the topic's records to the action until {@code expected} were read or the time is up; returns how many
     * were.
     */
    private long read(String topic, long expected, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // topics of messages near 1 MiB: more than one of them per fetch
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    action.accept(record);
                    read++;
                }
            }
        }
        return read;
    }

    /** Sum of the group's committed offsets over the topic's partitions, counting 0 where nothing is committed. */
    public long committedSum(String groupId, String topic) {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitionsOf(topic));
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(Map.of(groupId, spec)).partitionsToOffsetAndMetadata(groupId));
        return committed.values().stream().mapToLong(o -> o == null ? 0L : o.offset()).sum();
    }

    /**
     * Sets the group's committed offsets of every partition of the topic back to 0, as an operator replaying
     * the topic would ({@code kafka-consumer-groups --reset-offsets --to-earliest}); the group must have no members.
     */
    public void rewind(String groupId, String topic) {
        Map<TopicPartition, OffsetAndMetadata> start = partitionsOf(topic).stream()
                .collect(Collectors.toMap(Function.identity(), tp -> new OffsetAndMetadata(0)));
        await(admin.alterConsumerGroupOffsets(groupId, start).all());
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

    private static <T> T await(Future<T> future) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka request timed out after " + TIMEOUT_MS + " ms", e);
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
