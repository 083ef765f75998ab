package io.zeekpipeline.parquet;

import org.apache.camel.processor.aggregate.AggregateController;

/**
 * Completes an open Parquet batch before its own size or interval would (the memory budget, the
 * open-batch cap). Thread-safe (the budget and the controller are).
 */
final class EarlyCompletion {

    private final BufferBudget budget;
    private final AggregateController controller;

    EarlyCompletion(BufferBudget budget, AggregateController controller) {
        this.budget = budget;
        this.controller = controller;
    }

    /** Completes the batch of {@code key}, which the budget then no longer names. */
    void complete(String key) {
        if (controller.forceCompletionOfGroup(key) == 0) {
            // completed meanwhile by another condition: its release is on its way, but the caller's
            // loop must not pick it again before then
            budget.released(key);
        }
    }
}
