package io.zeekpipeline.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.normalize.ZeekFixtures;
import io.zeekpipeline.ops.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zeekpipeline.normalize.ZeekFixtures.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistedRecordSkipperTest {

    @TempDir
    Path base;

    private final OffsetTracker tracker = new OffsetTracker(true, false);
    private final PipelineMetrics metrics = new PipelineMetrics();

    private ZeekEvent conn(long offset) {
        tracker.register(TOPIC, 0, offset);
        return ZeekFixtures.enriched("{'conn': {'ts': 1521911720.5, 'uid': 'C" + offset + "'}}", offset);
    }

    private PersistedRecordSkipper skipper() {
        return new PersistedRecordSkipper(new PersistedRecords(base.toString(), "events", new Configuration()),
                new Delivery(tracker), metrics);
    }

    @Test
    void leavesOutTheRecordsAFileHoldsAndMarksThemDurable() throws IOException {
        Path hour = Files.createDirectories(base.resolve("conn/year=2018/month=03/day=24/hour=17"));
        // the fixtures' records have no Kafka timestamp (-1)
        Files.writeString(hour.resolve("events_conn_" + TOPIC + "+0+0+1+-1+-1.parquet"), "");
        ZeekEvent held0 = conn(0);
        ZeekEvent held1 = conn(1);
        ZeekEvent fresh = conn(2);
        Exchange exchange = ZeekFixtures.groupExchange(held0, held1, fresh);
        LogTypeGroup shared = exchange.getIn().getBody(LogTypeGroup.class);

        skipper().process(exchange);

        assertEquals(List.of(fresh), exchange.getIn().getBody(LogTypeGroup.class).events());
        assertEquals(3, shared.events().size(), "the output leg's group is untouched");
        assertTrue(held0.source().isHandedTo(Output.PARQUET), "taken by the Parquet leg");
        assertFalse(held0.source().isHandedTo(Output.KAFKA), "left to the output leg");
        assertEquals(2, metrics.alreadyPersistedCount());
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        assertEquals(2, tracker.commitPoints(List.of(partition)).get(partition).offset());
    }

    @Test
    void passesTheGroupOnAsItIsWhenNoFileHoldsAnyOfIt() throws IOException {
        Exchange exchange = ZeekFixtures.groupExchange(conn(0), conn(1));
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);

        skipper().process(exchange);

        assertSame(group, exchange.getIn().getBody(LogTypeGroup.class));
        assertEquals(0, metrics.alreadyPersistedCount());
    }
}
