package io.zeekpipeline.parquet;

import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.aggregate.AggregateController;

/**
 * Keeps the open Parquet batches within the memory budget: while over it, completes the largest
 * batch (batches of past hours stop growing but stay open until written); while consumption is
 * paused for backpressure, completes one batch per call. Called from one timer thread.
 */
public class BufferBudgetEnforcer implements Processor {

    private final BufferBudget budget;
    private final AggregateController controller;
    private final BooleanSupplier underPressure;

    public BufferBudgetEnforcer(BufferBudget budget, AggregateController controller, BooleanSupplier underPressure) {
        this.budget = budget;
        this.controller = controller;
        this.underPressure = underPressure;
    }

    @Override
    public void process(Exchange exchange) {
        for (String key = budget.largestOverLimit(); key != null; key = budget.largestOverLimit()) {
            complete(key);
        }
        // consumption is paused for backpressure: open batches must not wait for the interval
        String largest = underPressure.getAsBoolean() ? budget.largest() : null;
        if (largest != null) {
            complete(largest);
        }
    }

    private void complete(String key) {
        if (controller.forceCompletionOfGroup(key) == 0) {
            // completed meanwhile by another condition; its release is on its way
            budget.released(key);
        }
    }
}
