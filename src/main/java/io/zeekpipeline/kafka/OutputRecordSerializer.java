package io.zeekpipeline.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.model.ZeekEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns an event into its output-topic record on the consumer thread, before the batching: the
 * seed's three-layer JSON {@code {source, log_type, event_id, raw, normalized, enriched}} (times in
 * epoch milliseconds). Stateless and thread-safe.
 */
public class OutputRecordSerializer implements Processor {

    private final ObjectMapper mapper;

    public OutputRecordSerializer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        ZeekEvent event = exchange.getIn().getBody(ZeekEvent.class);
        exchange.getIn().setBody(new OutputRecord(toJson(event), event.eventId(), event.topic(), event.partition(),
                event.offset()));
        event.handedTo(OffsetTracker.KAFKA);
    }

    public byte[] toJson(ZeekEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.original().length + 256);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("source", "zeek");
            json.writeStringField("log_type", event.logType());
            json.writeStringField("event_id", event.eventId());
            json.writeFieldName("raw");
            mapper.writeTree(json, event.raw());
            json.writeObjectFieldStart("normalized");
            json.writeNumberField("event_time", Math.floorDiv(event.eventTimeMicros(), 1000L));
            json.writeNumberField("ingest_time", Math.floorDiv(event.ingestTimeMicros(), 1000L));
            for (Map.Entry<String, JsonNode> field : event.normalized().entrySet()) {
                json.writeFieldName(field.getKey());
                mapper.writeTree(json, field.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("enriched");
            for (Map.Entry<String, Object> field : event.enriched().entrySet()) {
                json.writeObjectField(field.getKey(), field.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize event " + event.eventId(), e);
        }
        return out.toByteArray();
    }
}
