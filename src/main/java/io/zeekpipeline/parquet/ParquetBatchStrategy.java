package io.zeekpipeline.parquet;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Appends encoded rows to their {@link ParquetBatch}; the {@link BufferBudget} and the buffered
 * gauges follow every open batch. Stateless apart from the shared budget; thread-safe.
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
        ParquetRow row = incoming.getIn().getBody(ParquetRow.class);
        Exchange result = batchExchange == null ? incoming : batchExchange;
        ParquetBatch batch = batchExchange == null ? new ParquetBatch(row)
                : batchExchange.getIn().getBody(ParquetBatch.class);
        batch.add(row);
        result.getIn().setBody(batch);
        budget.grew(batch.key(), row.messageBytes());
        metrics.buffered(1, row.messageBytes());
        return result;
    }

    @Override
    public void onCompletion(Exchange exchange) {
        ParquetBatch batch = exchange.getIn().getBody(ParquetBatch.class);
        budget.released(batch.key());
        metrics.buffered(-batch.rowCount(), -batch.bytes());
        metrics.inFlight(batch.bytes());
    }
}
