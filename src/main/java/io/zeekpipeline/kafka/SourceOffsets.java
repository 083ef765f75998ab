package io.zeekpipeline.kafka;

import java.util.Arrays;
import java.util.Comparator;
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

    /** Adds every offset of {@code other}. */
    public void addAll(SourceOffsets other) {
        other.forEach(this::add);
    }

    /** Calls {@code action} once per partition with its offsets (the first {@code count} of the array). */
    public void forEachPartition(PartitionAction action) {
        offsets.forEach((tp, array) -> action.accept(tp, array, sizes.get(tp)));
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

    /**
     * Each partition's lowest and highest offset, as {@code topic-partition:first-last} joined by commas
     * in partition order, e.g. {@code zeek-raw-0:100-599,zeek-raw-1:80-611}.
     */
    public String ranges() {
        StringBuilder sb = new StringBuilder();
        offsets.keySet().stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .forEach(tp -> {
                    long[] array = offsets.get(tp);
                    int size = sizes.get(tp);
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (int i = 0; i < size; i++) {
                        min = Math.min(min, array[i]);
                        max = Math.max(max, array[i]);
                    }
                    sb.append(sb.length() == 0 ? "" : ",").append(tp).append(':').append(min).append('-').append(max);
                });
        return sb.toString();
    }

    /** Receives one partition's offsets. */
    @FunctionalInterface
    public interface PartitionAction {
        void accept(TopicPartition partition, long[] offsets, int count);
    }

    /** Receives one source offset. */
    @FunctionalInterface
    public interface OffsetAction {
        void accept(String topic, int partition, long offset);
    }
}
