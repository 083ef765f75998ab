package io.zeekpipeline.parquet;

import io.zeekpipeline.batch.ChunkBatchStrategy;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;

/**
 * Appends a poll's chunk of rows to its bucket's open {@link ParquetBatch}; the {@link BufferBudget}
 * and the buffered gauges follow every open batch. Stateless apart from the shared budget; thread-safe.
 */
public class ParquetBatchStrategy extends ChunkBatchStrategy<ParquetBatch> {

    private final BufferBudget budget;

    public ParquetBatchStrategy(BufferBudget budget, PipelineMetrics metrics) {
        super(ParquetBatch.class, ParquetBatch::append, ParquetBatch::rowCount, ParquetBatch::bytes, metrics);
        this.budget = budget;
    }

    @Override
    protected void added(Exchange batchExchange, ParquetBatch batch, ParquetBatch chunk) {
        budget.grew(chunk.key(), chunk.bytes());
    }

    @Override
    protected void completed(ParquetBatch batch) {
        budget.released(batch.key());
    }
}
