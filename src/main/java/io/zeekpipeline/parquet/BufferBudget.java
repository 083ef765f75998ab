package io.zeekpipeline.parquet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory budget of the open Parquet batches: the source-message bytes each batch holds and
 * their total. When the total passes the limit, the largest batch is the one to write first.
 * Thread-safe.
 */
public final class BufferBudget {

    private final long limitBytes;
    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** A limit of 0 or less means no global limit. */
    public BufferBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    void grew(String key, long bytes) {
        open.merge(key, bytes, Long::sum);
        total.addAndGet(bytes);
    }

    void released(String key) {
        Long bytes = open.remove(key);
        if (bytes != null) {
            total.addAndGet(-bytes);
        }
    }

    /** Keys of the open batches holding records of the given source partition. */
    public List<String> keysOf(String topic, int partition) {
        String suffix = ParquetBatch.sourceSuffix(topic, partition);
        return open.keySet().stream().filter(key -> key.endsWith(suffix)).toList();
    }

    /** The key of the largest open batch while the total is over the limit, else null. */
    public String largestOverLimit() {
        if (limitBytes <= 0 || total.get() < limitBytes) {
            return null;
        }
        return open.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

}
