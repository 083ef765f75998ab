package io.zeekpipeline.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.parquet.rows.FieldPositions;
import io.zeekpipeline.parquet.rows.LogTypeLayout;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.parquet.rows.RowBuffer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a group's events into their Parquet rows on the consumer thread, before the aggregator: one
 * {@link ParquetBatch} chunk per bucket (hour and source partition), so open batches hold a few
 * hundred bytes per row instead of parsed JSON, and the conversion runs on every consumer thread at
 * once. Thread-safe (each call has its own encoder, each thread its own row buffer).
 */
public class ParquetRowEncoder implements Processor {

    private final LogTypeLayouts layouts;
    private final Delivery delivery;
    /** Each consumer thread's row being encoded, reused from group to group (groups are often a few events). */
    private final ThreadLocal<RowBuffer> rows = ThreadLocal.withInitial(RowBuffer::new);

    public ParquetRowEncoder(LogTypeLayouts layouts, Delivery delivery) {
        this.layouts = layouts;
        this.delivery = delivery;
    }

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        Chunks chunks = new Chunks(layouts.forLogType(group.getLogType()), delivery, rows.get());
        group.apply(chunks, Rejects.of(exchange));
        exchange.getIn().setBody(chunks.list());
    }

    /** Encodes events of one log type into the chunk of their bucket. */
    private static final class Chunks implements Consumer<ZeekEvent> {
        private final LogTypeLayout layout;
        private final FieldPositions positions;
        private final Delivery delivery;
        private final Map<String, ParquetBatch> byKey = new LinkedHashMap<>();
        private final RowBuffer row;
        private ParquetBatch last;
        private long lastHour;

        Chunks(LogTypeLayout layout, Delivery delivery, RowBuffer row) {
            this.layout = layout;
            this.positions = layout.threadPositions();
            this.delivery = delivery;
            this.row = row;
        }

        @Override
        public void accept(ZeekEvent event) {
            long hour = ParquetBatch.hourOf(event.eventTimeMicros());
            if (last == null || hour != lastHour || event.partition() != last.partition()
                || !event.topic().equals(last.topic())) {
                last = byKey.computeIfAbsent(
                        ParquetBatch.keyOf(event.logType(), hour, event.topic(), event.partition()),
                        key -> new ParquetBatch(event.logType(), event.eventTimeMicros(), event.topic(),
                                event.partition()));
                lastHour = hour;
            }
            // encoded apart first, so a row that fails half-way never reaches the batch
            row.reset();
            layout.encode(event, row, positions);
            last.add(row, event.offset(), event.source().timestampMillis(), event.original().length);
            delivery.handedTo(event.source(), Output.PARQUET);
        }

        List<ParquetBatch> list() {
            return new ArrayList<>(byKey.values());
        }
    }
}
