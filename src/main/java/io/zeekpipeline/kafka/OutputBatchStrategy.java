package io.zeekpipeline.kafka;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** Appends serialized output records to their {@link OutputBatch} and keeps the buffered gauges. Stateless; thread-safe. */
public class OutputBatchStrategy implements AggregationStrategy {

    private final PipelineMetrics metrics;

    public OutputBatchStrategy(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange incoming) {
        OutputRecord record = incoming.getIn().getBody(OutputRecord.class);
        Exchange result = batchExchange == null ? incoming : batchExchange;
        OutputBatch batch = batchExchange == null ? new OutputBatch() : batchExchange.getIn().getBody(OutputBatch.class);
        batch.add(incoming.getContext(), record);
        result.getIn().setBody(batch);
        metrics.buffered(1, record.json().length);
        return result;
    }

    @Override
    public void onCompletion(Exchange exchange) {
        OutputBatch batch = exchange.getIn().getBody(OutputBatch.class);
        metrics.buffered(-batch.size(), -batch.bytes());
        metrics.inFlight(batch.bytes());
    }
}
