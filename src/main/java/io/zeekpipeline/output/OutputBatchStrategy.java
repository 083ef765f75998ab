package io.zeekpipeline.output;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Appends a poll's chunk of output records to the open {@link OutputBatch}, completes the batch once
 * it holds {@code batchSize} records, and keeps the buffered gauges. Stateless; thread-safe.
 */
public class OutputBatchStrategy implements AggregationStrategy {

    private final int batchSize;
    private final PipelineMetrics metrics;

    public OutputBatchStrategy(int batchSize, PipelineMetrics metrics) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("pipeline.output.batch-size must be 1 or more, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange incoming) {
        OutputBatch chunk = incoming.getIn().getBody(OutputBatch.class);
        Exchange result = batchExchange == null ? incoming : batchExchange;
        OutputBatch batch = result.getIn().getBody(OutputBatch.class);
        if (batchExchange != null) {
            batch.append(chunk);
        }
        metrics.buffered(chunk.size(), chunk.bytes());
        if (batch.size() >= batchSize) {
            // counted in records, not in the chunks the aggregator sees
            result.setProperty(Exchange.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
        return result;
    }

    @Override
    public void onCompletion(Exchange exchange) {
        OutputBatch batch = exchange.getIn().getBody(OutputBatch.class);
        metrics.buffered(-batch.size(), -batch.bytes());
        metrics.inFlight(batch.bytes());
    }
}
