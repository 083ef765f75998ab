package io.zeekpipeline.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.SourceOffsets;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The one place that knows which consumed records are durable in every enabled output. A record is
 * registered when consumed as owed to every enabled output; an output clears its mark once the
 * record is durable there (through {@link Delivery}). The commit point of a partition is the lowest
 * offset still owed anything, so a commit never covers a record that sits in some open batch.
 * Thread-safe (a lock per partition).
 */
public final class OffsetTracker {

    private static final Output[] OUTPUTS = Output.values();

    /** The enabled outputs, one bit each (see {@link #bit}): what a record owes when registered. */
    private final int requiredOutputs;
    private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();
    /** Partitions handed to another consumer: records of them still arriving from an old poll are not ours. */
    private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();

    public OffsetTracker(boolean parquetEnabled, boolean kafkaEnabled) {
        this.requiredOutputs = (parquetEnabled ? bit(Output.PARQUET) : 0) | (kafkaEnabled ? bit(Output.KAFKA) : 0);
    }

    /** An output's bit in the owed marks: one byte per offset holds them all. */
    private static int bit(Output output) {
        return 1 << output.ordinal();
    }

    /**
     * Called on the consumer thread, in offset order per partition, for every consumed record.
     * Returns false for a record registered before (read again after a reconnect): it is still on its
     * way to the outputs, or already durable in them.
     */
    public boolean register(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (!revoked.isEmpty() && revoked.contains(tp)) {
            return false;
        }
        return partitions.computeIfAbsent(tp, k -> new PartitionProgress()).register(offset, requiredOutputs);
    }

    /** The partitions went to another consumer: forget them, and refuse their records from now on. */
    public void revoke(Collection<TopicPartition> handedOver) {
        revoked.addAll(handedOver);
        handedOver.forEach(partitions::remove);
    }

    /** The partitions are (again) ours: their records count again, from the committed offset on. */
    public void assign(Collection<TopicPartition> assigned) {
        revoked.removeAll(assigned);
    }

    /** The output has the record durably. */
    void acknowledge(String topic, int partition, long offset, Output output) {
        acknowledge(topic, partition, offset, bit(output));
    }

    /** Acknowledges a batch's source offsets for one output: one lock per partition, not per offset. */
    void acknowledge(SourceOffsets batch, Output output) {
        int outputBit = bit(output);
        batch.forEachPartition((tp, offsets, count) -> {
            PartitionProgress progress = partitions.get(tp);
            if (progress != null) {
                progress.acknowledge(offsets, count, outputBit);
            }
        });
    }

    /** Whether a batch of every enabled output took the record. */
    boolean takenByEveryOutput(ConsumedRecord record) {
        return untaken(record) == 0;
    }

    /** Releases the record from the enabled outputs no batch of which took it: it needs them no longer. */
    void releaseUntaken(ConsumedRecord record) {
        acknowledge(record.topic(), record.partition(), record.offset(), untaken(record));
    }

    /** The bits of the enabled outputs whose batches did not take the record. */
    private int untaken(ConsumedRecord record) {
        int untaken = requiredOutputs;
        for (Output output : OUTPUTS) {
            if (record.isHandedTo(output)) {
                untaken &= ~bit(output);
            }
        }
        return untaken;
    }

    private void acknowledge(String topic, int partition, long offset, int outputs) {
        PartitionProgress progress = partitions.get(new TopicPartition(topic, partition));
        if (progress != null) {
            progress.acknowledge(offset, outputs);
        }
    }

    /**
     * Offsets to commit for the given partitions: those whose commit point moved since it was last
     * handed out. Called on the consumer thread that owns the partitions.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned) {
        return points(assigned, PartitionProgress::takeCommitPoint);
    }

    /** Commit points of the given partitions, whether handed out before or not (for a final commit). */
    public Map<TopicPartition, OffsetAndMetadata> commitPoints(Collection<TopicPartition> assigned) {
        return points(assigned, PartitionProgress::commitPoint);
    }

    private Map<TopicPartition, OffsetAndMetadata> points(Collection<TopicPartition> assigned,
            ToLongFunction<PartitionProgress> point) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : assigned) {
            PartitionProgress progress = partitions.get(tp);
            long next = progress == null ? -1 : point.applyAsLong(progress);
            if (next >= 0) {
                result.put(tp, new OffsetAndMetadata(next));
            }
        }
        return result;
    }

    /** A commit failed: hand the partition's commit point out again next time. */
    public void commitFailed(Collection<TopicPartition> failed) {
        failed.forEach(tp -> {
            PartitionProgress progress = partitions.get(tp);
            if (progress != null) {
                progress.retryCommit();
            }
        });
    }

    /** Records consumed but not yet durable in every enabled output. */
    public long pending() {
        return partitions.values().stream().mapToLong(PartitionProgress::pending).sum();
    }

    /** Records of the given partitions consumed but not yet durable in every enabled output. */
    public long pending(Collection<TopicPartition> of) {
        return of.stream().map(partitions::get).filter(p -> p != null).mapToLong(PartitionProgress::pending).sum();
    }

    /** Offsets from the lowest owed one upwards, one byte of owed output bits each, in a ring. */
    private static final class PartitionProgress {
        private long base = -1;
        private byte[] owed = new byte[1024];
        private int head;
        private int size;
        private long handedOut = -1;

        synchronized boolean register(long offset, int outputs) {
            if (base < 0 || (size == 0 && offset >= base)) {
                base = offset;
            }
            long index = offset - base;
            if (index < size) {
                return false; // seen before (a redelivery): its state stands
            }
            while (size < index) {
                append(0); // offsets Kafka skipped (transaction markers, compaction)
            }
            append(outputs);
            advance();
            return true;
        }

        synchronized void acknowledge(long offset, int outputs) {
            clear(offset, outputs);
            advance();
        }

        synchronized void acknowledge(long[] offsets, int count, int outputs) {
            for (int i = 0; i < count; i++) {
                clear(offsets[i], outputs);
            }
            advance();
        }

        private void clear(long offset, int outputs) {
            long index = offset - base;
            if (base < 0 || index < 0 || index >= size) {
                return;
            }
            int slot = (int) ((head + index) % owed.length);
            owed[slot] = (byte) (owed[slot] & ~outputs);
        }

        synchronized long takeCommitPoint() {
            if (base < 0 || base == handedOut) {
                return -1;
            }
            handedOut = base;
            return base;
        }

        synchronized void retryCommit() {
            handedOut = -1;
        }

        synchronized long commitPoint() {
            return base;
        }

        synchronized long pending() {
            return size;
        }

        private void append(int outputs) {
            if (size == owed.length) {
                byte[] grown = new byte[owed.length * 2];
                for (int i = 0; i < size; i++) {
                    grown[i] = owed[(head + i) % owed.length];
                }
                owed = grown;
                head = 0;
            }
            owed[(head + size) % owed.length] = (byte) outputs;
            size++;
        }

        private void advance() {
            while (size > 0 && owed[head] == 0) {
                head = (head + 1) % owed.length;
                size--;
                base++;
            }
        }
    }
}
