package io.zeekpipeline.event;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/** The source offsets of a batch, compact (a long per record), grouped by partition. Not thread-safe. */
public final class SourceOffsets {

    private final Map<TopicPartition, Offsets> offsets = new HashMap<>();
    private Offsets last;

    /** One partition's offsets, the first {@code size} of the array. */
    private static final class Offsets {
        private final TopicPartition partition;
        private long[] array = new long[64];
        private int size;

        Offsets(TopicPartition partition) {
            this.partition = partition;
        }

        void add(long[] values, int count) {
            if (array.length - size < count) {
                array = Arrays.copyOf(array, Math.max(array.length * 2, size + count));
            }
            System.arraycopy(values, 0, array, size, count);
            size += count;
        }

        void add(long offset) {
            if (size == array.length) {
                array = Arrays.copyOf(array, size * 2);
            }
            array[size++] = offset;
        }
    }

    public void add(String topic, int partition, long offset) {
        if (last == null || last.partition.partition() != partition || !last.partition.topic().equals(topic)) {
            last = offsets.computeIfAbsent(new TopicPartition(topic, partition), Offsets::new);
        }
        last.add(offset);
    }

    /** Adds every offset of {@code other}. */
    public void addAll(SourceOffsets other) {
        other.offsets.forEach((tp, theirs) -> offsets.computeIfAbsent(tp, Offsets::new).add(theirs.array, theirs.size));
    }

    /** Calls {@code action} once per partition with its offsets (the first {@code count} of the array). */
    public void forEachPartition(PartitionAction action) {
        offsets.forEach((tp, mine) -> action.accept(tp, mine.array, mine.size));
    }

    /** Calls {@code action} for every offset. */
    public void forEach(OffsetAction action) {
        offsets.forEach((tp, mine) -> {
            for (int i = 0; i < mine.size; i++) {
                action.accept(tp.topic(), tp.partition(), mine.array[i]);
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
                    Offsets mine = offsets.get(tp);
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (int i = 0; i < mine.size; i++) {
                        min = Math.min(min, mine.array[i]);
                        max = Math.max(max, mine.array[i]);
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
