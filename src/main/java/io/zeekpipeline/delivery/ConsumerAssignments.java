package io.zeekpipeline.delivery;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

/**
 * The partitions each input consumer holds, by its polling thread, as the rebalance callbacks report
 * them: a consumer is in the group once a rebalance assigned it something, possibly nothing (more
 * consumers than partitions). Written by the polling threads, read by the readiness check; thread-safe.
 */
public final class ConsumerAssignments {

    private final Map<String, Set<TopicPartition>> byConsumer = new ConcurrentHashMap<>();

    /** A rebalance gave the calling consumer these partitions (eager: all of them; cooperative: the added ones). */
    public void assigned(Collection<TopicPartition> partitions) {
        byConsumer.compute(Thread.currentThread().getName(), (consumer, held) -> {
            Set<TopicPartition> now = held == null ? new HashSet<>() : new HashSet<>(held);
            now.addAll(partitions);
            return Set.copyOf(now);
        });
    }

    /** The calling consumer no longer holds these partitions (revoked or lost). */
    public void removed(Collection<TopicPartition> partitions) {
        byConsumer.computeIfPresent(Thread.currentThread().getName(), (consumer, held) -> {
            Set<TopicPartition> now = new HashSet<>(held);
            now.removeAll(partitions);
            return Set.copyOf(now);
        });
    }

    /** The calling thread subscribes a (new) consumer: not in the group until its first rebalance completes. */
    public void subscribing() {
        byConsumer.remove(Thread.currentThread().getName());
    }

    /** Consumers a rebalance has completed for, with or without partitions. */
    public int joinedConsumers() {
        return byConsumer.size();
    }

    /** Joined consumers holding no partition: the group has none for them. */
    public int idleConsumers() {
        return (int) byConsumer.values().stream().filter(Set::isEmpty).count();
    }

    /** Partitions held by all consumers together. */
    public int partitionCount() {
        return byConsumer.values().stream().mapToInt(Set::size).sum();
    }
}
