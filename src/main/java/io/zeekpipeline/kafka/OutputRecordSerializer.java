package io.zeekpipeline.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zeekpipeline.model.FieldMap;
import io.zeekpipeline.model.JsonValue;
import io.zeekpipeline.model.JsonWriter;
import io.zeekpipeline.model.LogTypeGroup;
import io.zeekpipeline.model.ZeekEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a group's events into a chunk of output-topic records on the consumer thread, before the
 * batching: the seed's three-layer JSON {@code {source, log_type, event_id, raw, normalized, enriched}} (times in
 * epoch milliseconds). Zeek's values are copied as they stood in the consumed message. Thread-safe:
 * its only state is a concurrent cache of encoded enriched strings.
 */
public class OutputRecordSerializer implements Processor {

    /** Enriched strings seen (directions, services), kept up to this many. */
    private static final int MAX_STRINGS = 4096;

    /** Enriched strings encoded once, not character by character for every event. */
    private final Map<String, JsonValue> strings = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        OutputBatch chunk = new OutputBatch();
        // grows to the group's largest record
        JsonWriter writer = new JsonWriter(1024);
        group.apply(event -> {
            chunk.add(exchange.getContext(), toJson(event, writer), event.source());
            event.source().handedTo(OffsetTracker.KAFKA);
        }, Rejects.of(exchange));
        exchange.getIn().setBody(chunk);
    }

    public byte[] toJson(ZeekEvent event) {
        return toJson(event, new JsonWriter(event.original().length + 256));
    }

    /** One event's record, written with a buffer reused from event to event. */
    private byte[] toJson(ZeekEvent event, JsonWriter json) {
        json.reset();
        json.startObject();
        json.name("source").string("zeek");
        json.name("log_type").string(event.logType());
        json.name("event_id").string(event.eventId());
        json.name("raw");
        writeFields(json, event.raw());
        json.name("normalized").startObject();
        json.name("event_time").number(Math.floorDiv(event.eventTimeMicros(), 1000L));
        json.name("ingest_time").number(Math.floorDiv(event.ingestTimeMicros(), 1000L));
        FieldMap<JsonValue> normalized = event.normalized();
        for (int i = 0; i < normalized.size(); i++) {
            json.name(normalized.name(i)).value(normalized.value(i));
        }
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

    private static void writeFields(JsonWriter json, FieldMap<JsonValue> fields) {
        json.startObject();
        for (int i = 0; i < fields.size(); i++) {
            json.name(fields.name(i)).value(fields.value(i));
        }
        json.endObject();
    }

    /** Writes an enriched value: a string, an integer, a boolean or null. */
    private void writeEnriched(JsonWriter json, Object value) {
        if (value == null) {
            json.nullValue();
        } else if (value instanceof String text) {
            json.value(encoded(text));
        } else if (value instanceof Integer number) {
            json.number(number);
        } else if (value instanceof Boolean flag) {
            json.bool(flag);
        } else {
            throw new IllegalArgumentException("enriched value of unexpected type " + value.getClass().getName());
        }
    }

    private JsonValue encoded(String text) {
        JsonValue value = strings.get(text);
        if (value == null) {
            value = JsonValue.ofText(text);
            if (strings.size() < MAX_STRINGS) {
                strings.put(text, value);
            }
        }
        return value;
    }
}
