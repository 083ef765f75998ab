package io.zeekpipeline.output;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.json.JsonWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a group's events into a chunk of output-topic records on the consumer thread, before the
 * batching: the seed's three-layer JSON {@code {source, log_type, event_id, raw, normalized, enriched}} (times in
 * epoch milliseconds, the event time also in microseconds), keyed as {@link OutputKey} says. Zeek's values are
 * copied as they stood in the consumed message. An event whose message the output producer could never send (too
 * large) is rejected to the dead letters. Thread-safe: each thread writes into its own reused buffer.
 */
public class OutputRecordSerializer implements Processor {

    /** Room left in an output request for the event-id header and Kafka's record and batch overhead. */
    static final int HEADER_ALLOWANCE = 1024;
    /** The event time in microseconds beside the seed's {@code event_time} in milliseconds. */
    static final String EVENT_TIME_MICROS = "event_time_us";
    private static final int INITIAL_BUFFER_BYTES = 4096;
    /**
     * Each thread's JSON buffer: records are written into it and copied out once at their exact size;
     * a buffer per group or per event was allocated, grown and copied again.
     */
    private static final ThreadLocal<JsonWriter> WRITERS =
            ThreadLocal.withInitial(() -> new JsonWriter(INITIAL_BUFFER_BYTES));

    private final int maxValueBytes;
    private final Delivery delivery;
    private final OutputKey key;

    /**
     * @param maxMessageBytes the output producer's largest request ({@code pipeline.output.max-message-bytes})
     * @param key the messages' Kafka key ({@code pipeline.output.key})
     */
    public OutputRecordSerializer(int maxMessageBytes, Delivery delivery, OutputKey key) {
        if (maxMessageBytes < 2 * HEADER_ALLOWANCE) {
            throw new IllegalArgumentException("pipeline.output.max-message-bytes must be at least "
                                               + 2 * HEADER_ALLOWANCE + ", was " + maxMessageBytes);
        }
        this.maxValueBytes = maxMessageBytes - HEADER_ALLOWANCE;
        this.delivery = delivery;
        this.key = key;
    }

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        OutputBatch chunk = new OutputBatch();
        JsonWriter writer = WRITERS.get();
        group.apply(event -> {
            byte[] json = toJson(event, writer);
            if (json.length > maxValueBytes) {
                // the producer would refuse it at every try: it goes to the dead letters instead
                throw new IllegalArgumentException("output message of " + json.length + " bytes is larger than "
                        + maxValueBytes + " (pipeline.output.max-message-bytes less " + HEADER_ALLOWANCE
                        + " for headers)");
            }
            chunk.add(exchange.getContext(), json, event.source(), group.getLogType(), key.of(event));
            delivery.handedTo(event.source(), Output.KAFKA);
        }, Rejects.of(exchange));
        exchange.getIn().setBody(chunk);
    }

    public byte[] toJson(ZeekEvent event) {
        return toJson(event, WRITERS.get());
    }

    /** One event's record, written with a buffer reused from event to event. */
    private static byte[] toJson(ZeekEvent event, JsonWriter json) {
        json.reset();
        json.startObject();
        json.name("source").string("zeek");
        json.name("log_type").string(event.logType());
        json.name("event_id").string(event.eventId());
        json.name("raw").startObject();
        writeMembers(json, event.raw());
        json.endObject();
        json.name("normalized").startObject();
        json.name(EventFields.EVENT_TIME).number(Math.floorDiv(event.eventTimeMicros(), 1000L));
        json.name(EVENT_TIME_MICROS).number(event.eventTimeMicros());
        json.name(EventFields.INGEST_TIME).number(Math.floorDiv(event.ingestTimeMicros(), 1000L));
        writeMembers(json, event.normalized());
        json.endObject();
        json.name("enriched").startObject();
        FieldMap<Object> enriched = event.enriched();
        for (int i = 0; i < enriched.size(); i++) {
            json.name(enriched.name(i));
            writeEnriched(json, enriched.value(i));
        }
        json.endObject();
        json.endObject();
        return json.toByteArray();
    }

    private static void writeMembers(JsonWriter json, FieldMap<JsonValue> fields) {
        for (int i = 0; i < fields.size(); i++) {
            json.name(fields.name(i)).value(fields.value(i));
        }
    }

    /** Writes an enriched value: a string, an integer, a long, a double, a boolean or null. */
    private static void writeEnriched(JsonWriter json, Object value) {
        if (value == null) {
            json.nullValue();
        } else if (value instanceof String text) {
            json.string(text);
        } else if (value instanceof Integer number) {
            json.number(number);
        } else if (value instanceof Long number) {
            json.number(number);
        } else if (value instanceof Double number) {
            json.number(number);
        } else if (value instanceof Boolean flag) {
            json.bool(flag);
        } else {
            throw new IllegalArgumentException("enriched value of unexpected type " + value.getClass().getName());
        }
    }
}
