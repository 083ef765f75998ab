package io.zeekpipeline.output;

import io.zeekpipeline.batch.ChunkBatchStrategy;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;

/**
 * Appends a poll's chunk of output records to the open {@link OutputBatch}, completes the batch once
 * it holds {@code batchSize} records, and keeps the buffered gauges. Stateless; thread-safe.
 */
public class OutputBatchStrategy extends ChunkBatchStrategy<OutputBatch> {

    private final int batchSize;

    public OutputBatchStrategy(int batchSize, PipelineMetrics metrics) {
        super(OutputBatch.class, OutputBatch::append, OutputBatch::size, OutputBatch::bytes, metrics);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("pipeline.output.batch-size must be 1 or more, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Override
    protected void added(Exchange batchExchange, OutputBatch batch, OutputBatch chunk) {
        if (batch.size() >= batchSize) {
            // counted in records, not in the chunks the aggregator sees
            batchExchange.setProperty(Exchange.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
    }
}
