package io.zeekpipeline.routes;

import io.zeekpipeline.config.Settings;
import io.zeekpipeline.health.WriterThreadCheck;
import io.zeekpipeline.parquet.ParquetBatch;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.AggregateDefinition;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The Parquet leg: {@code direct:parquet-sink} (a group of events of one log type) → records a file
 * already holds left out → row encoding, one
 * chunk per bucket → split by bucket → room made for a new batch past pipeline.flush.max-open-batches
 * → aggregator keyed by log type, event-time hour and source partition,
 * completed by event count, interval or buffered bytes (OR-ed, as the seed's flush settings; the
 * bytes bound all open batches together) and on stop → Parquet batch writer, on a pool of writer threads.
 * Java DSL because the completion setup is code, not topology.
 */
public class ParquetSinkRoute extends RouteBuilder {

    private static final long MIB = 1024L * 1024L;
    /** How often the memory budget is checked; overshoot is at most this long's intake. */
    private static final int BUDGET_CHECK_MILLIS = 100;

    @Override
    public void configure() {
        Settings settings = getContext().getRegistry().lookupByNameAndType(Settings.BEAN, Settings.class);
        int eventCount = settings.flushEventCount();
        double intervalSeconds = settings.flushIntervalSeconds();
        double bufferMb = settings.flushBufferMb();

        AggregateDefinition batches = from("direct:parquet-sink")
                .routeId("parquet-sink")
                .routeConfigurationId("retry-outputs")
                .description("Batches rows per log type, event-time hour and source partition, "
                             + "then writes them as Parquet")
                .filter(simple("{{pipeline.parquet.enabled}}"))
                .process("persistedRecordSkipper").id("skip-persisted")
                .process("parquetRowEncoder").id("encode-parquet-rows")
                .split(body()).id("split-by-bucket")
                .process("openBatchLimiter").id("limit-open-batches")
                .aggregate(new ExpressionAdapter() {
                    @Override
                    public Object evaluate(Exchange exchange) {
                        return exchange.getIn().getBody(ParquetBatch.class).key();
                    }
                })
                .aggregationStrategy("parquetBatchStrategy")
                .aggregateController(getContext().getRegistry()
                        .lookupByNameAndType("parquetAggregateController", AggregateController.class))
                .id("parquet-batches")
                // completed batches are written by a pool of their own, never on a consumer thread
                .parallelProcessing()
                .executorService(getContext().getExecutorServiceManager()
                        .newFixedThreadPool(this, WriterThreadCheck.POOL, settings.writerThreads()))
                .forceCompletionOnStop();
        if (intervalSeconds > 0) {
            batches.completionInterval(Math.max(1L, Math.round(intervalSeconds * 1000)));
        }
        // rows and bytes, not the aggregator's count of chunks
        long rowLimit = eventCount > 0 ? eventCount : Long.MAX_VALUE;
        long byteLimit = bufferMb > 0 ? (long) (bufferMb * MIB) : Long.MAX_VALUE;
        batches.completionPredicate(exchange -> {
            ParquetBatch batch = exchange.getIn().getBody(ParquetBatch.class);
            return batch.rowCount() >= rowLimit || batch.bytes() >= byteLimit;
        });
        if (bufferMb > 0) {
            // flush_buffer_mb bounds all open batches together: past it, the largest is written
            from("timer:parquet-buffer-budget?period=" + BUDGET_CHECK_MILLIS)
                    .routeId("parquet-buffer-budget")
                    .description("Writes the largest open Parquet batch while all of them exceed flush_buffer_mb")
                    .process("bufferBudgetEnforcer").id("enforce-buffer-budget");
        }
        batches.process("parquetBatchWriter").id("write-parquet");

        from("timer:parquet-temp-cleanup?repeatCount=1&delay=0")
                .routeId("parquet-temp-cleanup")
                .description("Removes temporary Parquet files an earlier crash left behind")
                .process("staleTempFileCleaner").id("remove-stale-temp-files");
    }
}
