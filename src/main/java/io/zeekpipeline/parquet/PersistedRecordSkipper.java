package io.zeekpipeline.parquet;

import java.io.IOException;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

/**
 * First step of the Parquet leg: leaves out of a group the records a published file already holds
 * (read again after a crash or a rebalance), marking them durable for the Parquet output, so each
 * record lands in Parquet exactly once. The output topic still gets them (at least once, with
 * their event id). Stateless apart from the shared {@link PersistedRecords}; thread-safe.
 */
public class PersistedRecordSkipper implements Processor {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("parquet"), 10_000);

    private final PersistedRecords persisted;
    private final Delivery delivery;
    private final PipelineMetrics metrics;

    public PersistedRecordSkipper(PersistedRecords persisted, Delivery delivery, PipelineMetrics metrics) {
        this.persisted = persisted;
        this.delivery = delivery;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        LogTypeGroup remaining = null;
        String directory = null;
        PersistedRecords.Folder folder = null;
        long directoryHour = Long.MIN_VALUE;
        for (int i = 0; i < group.events().size(); i++) {
            ZeekEvent event = group.events().get(i);
            long hour = ParquetBatch.hourOf(event.eventTimeMicros());
            if (hour != directoryHour) {
                directory = PartitionPath.directoryOf(event.logType(), event.eventTimeMicros());
                // looked up once per hour of the group, not per record
                folder = persisted.folder(directory, event.logType());
                directoryHour = hour;
            }
            if (folder.holds(event.topic(), event.partition(), event.offset(), event.source().timestampMillis())) {
                if (remaining == null) {
                    // the group is shared with the output leg: the Parquet leg goes on with a copy
                    remaining = new LogTypeGroup(group.getLogType(), group.isKnown());
                    group.events().subList(0, i).forEach(remaining::add);
                }
                delivery.alreadyDurable(event.source(), Output.PARQUET);
                metrics.alreadyPersisted();
                LOG.info("record read again is in a Parquet file already, not written twice | folder={} topic={} "
                         + "partition={} offset={}", directory, event.topic(), event.partition(), event.offset());
            } else if (remaining != null) {
                remaining.add(event);
            }
        }
        if (remaining != null) {
            exchange.getIn().setBody(remaining);
        }
    }
}
