package io.zeekpipeline.kafka;

import java.util.ArrayList;
import java.util.List;

import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.model.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects events into a batch for one output: the body becomes a {@code List<ZeekEvent>}, the
 * batch's byte estimate (message sizes) is kept in {@link ZeekHeaders#BATCH_BYTES} for the size
 * completion, each event is marked as taken by this output, and the buffered gauges follow the
 * batches in memory. Stateless and thread-safe.
 */
public class EventBatchStrategy implements AggregationStrategy {

    private final int outputBit;
    private final PipelineMetrics metrics;

    public EventBatchStrategy(int outputBit, PipelineMetrics metrics) {
        this.outputBit = outputBit;
        this.metrics = metrics;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange incoming) {
        ZeekEvent event = incoming.getIn().getBody(ZeekEvent.class);
        event.handedTo(outputBit);
        long size = event.original().length;
        metrics.buffered(1, size);
        if (batch == null) {
            List<ZeekEvent> events = new ArrayList<>();
            events.add(event);
            incoming.getIn().setBody(events);
            incoming.setProperty(ZeekHeaders.BATCH_BYTES, size);
            return incoming;
        }
        @SuppressWarnings("unchecked")
        List<ZeekEvent> events = batch.getIn().getBody(List.class);
        events.add(event);
        batch.setProperty(ZeekHeaders.BATCH_BYTES, batch.getProperty(ZeekHeaders.BATCH_BYTES, 0L, Long.class) + size);
        return batch;
    }

    @Override
    public void onCompletion(Exchange batch) {
        List<?> events = batch.getIn().getBody(List.class);
        metrics.buffered(-events.size(), -batch.getProperty(ZeekHeaders.BATCH_BYTES, 0L, Long.class));
    }
}
