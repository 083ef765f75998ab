package io.zeekpipeline.parquet;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.aggregate.AggregateController;

/**
 * Keeps the number of open Parquet batches within pipeline.flush.max-open-batches: before a chunk
 * that would open one more batch reaches the aggregator, completes the batches that grew least
 * recently (idle log types and hours), so many log types or event hours cannot fill the heap with
 * small batches. Runs on the consumer threads; thread-safe (the budget and the controller are).
 */
public class OpenBatchLimiter implements Processor {

    private final BufferBudget budget;
    private final EarlyCompletion completion;

    public OpenBatchLimiter(BufferBudget budget, AggregateController controller) {
        this.budget = budget;
        this.completion = new EarlyCompletion(budget, controller);
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getIn().getBody(ParquetBatch.class).key();
        for (String idle = budget.leastRecentToMakeRoomFor(key); idle != null;
                idle = budget.leastRecentToMakeRoomFor(key)) {
            completion.complete(idle);
        }
    }
}
