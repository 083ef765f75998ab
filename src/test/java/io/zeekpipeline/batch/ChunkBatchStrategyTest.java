package io.zeekpipeline.batch;

import java.util.ArrayList;
import java.util.List;

import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ChunkBatchStrategyTest {

    /** Batches of words; a chunk is a list of words. */
    private static final class WordBatches extends ChunkBatchStrategy<List<String>> {
        @SuppressWarnings("unchecked")
        WordBatches() {
            super((Class<List<String>>) (Class<?>) List.class, List::addAll, List::size, words -> 10L * words.size(),
                    new PipelineMetrics());
        }
    }

    private final CamelContext context = new DefaultCamelContext();

    @Test
    void aNewBatchKeepsTheFirstChunkAndItsHeadersButNotItsExchangeWithThePoll() {
        Exchange poll = new DefaultExchange(context);
        poll.getIn().setBody(new byte[1 << 20]);
        Exchange first = chunk("a", "b");
        first.getIn().setHeader("zeekLogType", "conn");
        // a split part refers to its poll's exchange (Camel's split: through the parent unit of work property)
        first.setProperty("poll", poll);

        WordBatches strategy = new WordBatches();
        Exchange batch = strategy.aggregate(null, first);

        assertNotSame(first, batch);
        assertEquals(List.of("a", "b"), batch.getIn().getBody());
        assertEquals("conn", batch.getIn().getHeader("zeekLogType"));
        assertNull(batch.getProperty("poll"), "the batch must not keep the poll's exchange alive");

        Exchange second = chunk("c");
        assertSame(batch, strategy.aggregate(batch, second));
        assertEquals(List.of("a", "b", "c"), batch.getIn().getBody());
    }

    private Exchange chunk(String... words) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(new ArrayList<>(List.of(words)));
        return exchange;
    }
}
