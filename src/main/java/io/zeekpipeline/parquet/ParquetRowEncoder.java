package io.zeekpipeline.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.zeekpipeline.kafka.OffsetTracker;
import io.zeekpipeline.model.ZeekEvent;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns an event into its compact {@link ParquetRow} on the consumer thread, before the aggregator,
 * so open batches hold a few hundred bytes per row instead of parsed JSON, and the conversion runs
 * on every consumer thread at once. Thread-safe (the encoder of each call is its own).
 */
public class ParquetRowEncoder implements Processor {

    private final LogTypeLayouts layouts;

    public ParquetRowEncoder(LogTypeLayouts layouts) {
        this.layouts = layouts;
    }

    @Override
    public void process(Exchange exchange) {
        ZeekEvent event = exchange.getIn().getBody(ZeekEvent.class);
        exchange.getIn().setBody(encode(event));
        event.handedTo(OffsetTracker.PARQUET);
    }

    public ParquetRow encode(ZeekEvent event) {
        LogTypeLayout layout = layouts.forLogType(event.logType());
        GenericData.Record record = layout.toRecord(event);
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.original().length / 2 + 64);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            layout.datumWriter().write(record, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the row of " + event.eventId(), e);
        }
        return new ParquetRow(PartitionPath.bucketOf(event), event.logType(), event.eventTimeMicros(),
                event.topic(), event.partition(), event.offset(), out.toByteArray(), event.original().length);
    }
}
