package io.zeekpipeline.parquet;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Appends a poll's chunk of rows to its bucket's open {@link ParquetBatch}; the {@link BufferBudget}
 * and the buffered gauges follow every open batch. Stateless apart from the shared budget; thread-safe.
 */
public class ParquetBatchStrategy implements AggregationStrategy {

    private final BufferBudget budget;
    private final PipelineMetrics metrics;

    public ParquetBatchStrategy(BufferBudget budget, PipelineMetrics metrics) {
        this.budget = budget;
        this.metrics = metrics;
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange incoming) {
        ParquetBatch chunk = incoming.getIn().getBody(ParquetBatch.class);
        if (batchExchange != null) {
            batchExchange.getIn().getBody(ParquetBatch.class).append(chunk);
        }
        budget.grew(chunk.key(), chunk.bytes());
        metrics.buffered(chunk.rowCount(), chunk.bytes());
        return batchExchange == null ? incoming : batchExchange;
    }

    @Override
    public void onCompletion(Exchange exchange) {
        ParquetBatch batch = exchange.getIn().getBody(ParquetBatch.class);
        budget.released(batch.key());
        metrics.buffered(-batch.rowCount(), -batch.bytes());
        metrics.inFlight(batch.bytes());
    }
}
