package io.zeekpipeline.kafka;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/** The source offsets of a batch, compact (a long per record), grouped by partition. Not thread-safe. */
public final class SourceOffsets {

    private final Map<TopicPartition, long[]> offsets = new HashMap<>();
    private final Map<TopicPartition, Integer> sizes = new HashMap<>();
    private TopicPartition last;

    public void add(String topic, int partition, long offset) {
        TopicPartition tp = last != null && last.partition() == partition && last.topic().equals(topic)
                ? last : new TopicPartition(topic, partition);
        last = tp;
        long[] array = offsets.computeIfAbsent(tp, k -> new long[64]);
        int size = sizes.getOrDefault(tp, 0);
        if (size == array.length) {
            array = Arrays.copyOf(array, size * 2);
            offsets.put(tp, array);
        }
        array[size] = offset;
        sizes.put(tp, size + 1);
    }

    /** Calls {@code action} for every offset. */
    public void forEach(OffsetAction action) {
        offsets.forEach((tp, array) -> {
            int size = sizes.get(tp);
            for (int i = 0; i < size; i++) {
                action.accept(tp.topic(), tp.partition(), array[i]);
            }
        });
    }

    /** Receives one source offset. */
    @FunctionalInterface
    public interface OffsetAction {
        void accept(String topic, int partition, long offset);
    }
}
