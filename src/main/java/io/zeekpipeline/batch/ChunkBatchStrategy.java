package io.zeekpipeline.batch;

import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Appends a poll's chunk to its group's open batch (the first chunk becomes the batch) and keeps the
 * buffered gauges while a batch is open and the in-flight gauge once it completes. A subclass names how
 * its batches append and measure; its hooks do what else a chunk or a completed batch changes. Shared by
 * the output and the Parquet batches. Stateless apart from what a subclass shares; thread-safe when its
 * hooks are.
 *
 * @param <B> the batch body, of which each incoming chunk is one too
 */
public abstract class ChunkBatchStrategy<B> implements AggregationStrategy {

    private final Class<B> batchType;
    private final BiConsumer<B, B> append;
    private final ToIntFunction<B> records;
    private final ToLongFunction<B> bytes;
    private final PipelineMetrics metrics;

    /**
     * @param append  moves a later chunk to the end of the open batch
     * @param records the records (events) a batch or chunk holds
     * @param bytes   the source message bytes a batch or chunk stands for
     */
    protected ChunkBatchStrategy(Class<B> batchType, BiConsumer<B, B> append, ToIntFunction<B> records,
                                 ToLongFunction<B> bytes, PipelineMetrics metrics) {
        this.batchType = batchType;
        this.append = append;
        this.records = records;
        this.bytes = bytes;
        this.metrics = metrics;
    }

    @Override
    public final Exchange aggregate(Exchange batchExchange, Exchange incoming) {
        B chunk = incoming.getIn().getBody(batchType);
        Exchange result = batchExchange == null ? incoming : batchExchange;
        B batch = result.getIn().getBody(batchType);
        if (batchExchange != null) {
            append.accept(batch, chunk);
        }
        metrics.buffered(records.applyAsInt(chunk), bytes.applyAsLong(chunk));
        added(result, batch, chunk);
        return result;
    }

    @Override
    public final void onCompletion(Exchange exchange) {
        B batch = exchange.getIn().getBody(batchType);
        completed(batch);
        long batchBytes = bytes.applyAsLong(batch);
        metrics.buffered(-records.applyAsInt(batch), -batchBytes);
        metrics.inFlight(batchBytes);
    }

    /** Called once a chunk joined the batch of {@code batchExchange} (the chunk's own exchange when it came first). */
    protected void added(Exchange batchExchange, B batch, B chunk) {
    }

    /** Called as a batch completes, before the gauges count it in flight. */
    protected void completed(B batch) {
    }
}
