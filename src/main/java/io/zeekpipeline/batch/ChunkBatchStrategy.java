package io.zeekpipeline.batch;

import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Appends a poll's chunk to its group's open batch (the first chunk opens one) and keeps the
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
        Exchange result = batchExchange == null ? openBatch(incoming, chunk) : batchExchange;
        B batch = result.getIn().getBody(batchType);
        if (batchExchange != null) {
            append.accept(batch, chunk);
        }
        metrics.buffered(records.applyAsInt(chunk), bytes.applyAsLong(chunk));
        added(result, batch, chunk);
        return result;
    }

    /**
     * A fresh exchange for a new batch, with the first chunk and its headers: the chunk's own exchange, a split
     * part, holds its poll's whole exchange (the parent unit of work, with every record and output message of
     * the poll), which an open batch would keep in the heap for as long as it stays open.
     */
    private static Exchange openBatch(Exchange first, Object chunk) {
        Exchange batch = new DefaultExchange(first.getContext());
        batch.getIn().getHeaders().putAll(first.getIn().getHeaders());
        batch.getIn().setBody(chunk);
        return batch;
    }

    @Override
    public final void onCompletion(Exchange exchange) {
        B batch = exchange.getIn().getBody(batchType);
        completed(batch);
        long batchBytes = bytes.applyAsLong(batch);
        metrics.buffered(-records.applyAsInt(batch), -batchBytes);
        metrics.inFlight(batchBytes);
    }

    /** Called once a chunk joined the batch of {@code batchExchange} (a fresh one when the chunk came first). */
    protected void added(Exchange batchExchange, B batch, B chunk) {
    }

    /** Called as a batch completes, before the gauges count it in flight. */
    protected void completed(B batch) {
    }
}
