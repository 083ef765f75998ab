package io.zeekpipeline.parquet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory budget of the open Parquet batches: the source-message bytes each batch holds, their
 * total, and how many batches are open. When the total passes the byte limit, the largest batch is
 * the one to write first; when a new batch would pass the count limit, the one that grew least
 * recently. Thread-safe (synchronized: a few calls per poll chunk).
 */
public final class BufferBudget {

    private final long limitBytes;
    private final int maxOpenBatches;
    /** Bytes per open batch, the batch that grew least recently first. */
    private final LinkedHashMap<String, Long> open = new LinkedHashMap<>(64, 0.75f, true);
    private long total;
    private int peakOpen;

    /** A limit of 0 or less means no limit of that kind. */
    public BufferBudget(long limitBytes, int maxOpenBatches) {
        this.limitBytes = limitBytes;
        this.maxOpenBatches = maxOpenBatches;
    }

    synchronized void grew(String key, long bytes) {
        open.merge(key, bytes, Long::sum);
        total += bytes;
        peakOpen = Math.max(peakOpen, open.size());
    }

    synchronized void released(String key) {
        Long bytes = open.remove(key);
        if (bytes != null) {
            total -= bytes;
        }
    }

    /** Keys of the open batches holding records of the given source partition. */
    public synchronized List<String> keysOf(String topic, int partition) {
        String suffix = ParquetBatch.sourceSuffix(topic, partition);
        return open.keySet().stream().filter(key -> key.endsWith(suffix)).toList();
    }

    /** The key of the largest open batch while the total is over the limit, else null. */
    public synchronized String largestOverLimit() {
        if (limitBytes <= 0 || total < limitBytes) {
            return null;
        }
        return open.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /**
     * The key of the batch that grew least recently while a batch for {@code key} would pass the
     * count limit (it is not open and the limit is reached), else null.
     */
    public synchronized String leastRecentToMakeRoomFor(String key) {
        if (maxOpenBatches <= 0 || open.size() < maxOpenBatches || open.containsKey(key)) {
            return null;
        }
        return open.keySet().iterator().next();
    }

    public synchronized int openCount() {
        return open.size();
    }

    /** The most batches open at once so far. */
    public synchronized int peakOpenCount() {
        return peakOpen;
    }
}
