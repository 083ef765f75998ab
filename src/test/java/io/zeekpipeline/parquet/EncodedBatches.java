package io.zeekpipeline.parquet;

import java.util.List;

import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.normalize.ZeekFixtures;
import org.apache.camel.Exchange;

/** Runs events through the Parquet leg's encoder, split and aggregation strategy as the route does. */
public final class EncodedBatches {

    private EncodedBatches() {
    }

    /** The aggregated exchange of the events' bucket (the events must share one bucket). */
    public static Exchange aggregated(ParquetRowEncoder encoder, ParquetBatchStrategy strategy,
            List<ZeekEvent> events) {
        Exchange group = ZeekFixtures.groupExchange(events.toArray(ZeekEvent[]::new));
        encoder.process(group);
        List<?> chunks = group.getIn().getBody(List.class);
        if (chunks.size() != 1) {
            throw new IllegalArgumentException("the events fall into " + chunks.size() + " buckets, not one");
        }
        return strategy.aggregate(null, ZeekFixtures.exchangeWith(chunks.get(0)));
    }
}
