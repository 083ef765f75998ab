package io.zeekpipeline.parquet;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.aggregate.AggregateController;

/**
 * Keeps the open Parquet batches within the memory budget: while over it, completes the largest
 * batch (batches of past hours stop growing but stay open until written). Called from one timer thread.
 */
public class BufferBudgetEnforcer implements Processor {

    private final BufferBudget budget;
    private final EarlyCompletion completion;

    public BufferBudgetEnforcer(BufferBudget budget, AggregateController controller) {
        this.budget = budget;
        this.completion = new EarlyCompletion(budget, controller);
    }

    @Override
    public void process(Exchange exchange) {
        for (String key = budget.largestOverLimit(); key != null; key = budget.largestOverLimit()) {
            completion.complete(key);
        }
    }
}
