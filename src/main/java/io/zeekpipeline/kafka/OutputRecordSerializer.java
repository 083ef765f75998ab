package io.zeekpipeline.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.model.ZeekEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultMessage;

/**
 * Turns a batch of events into output-topic records: the seed's three-layer JSON
 * {@code {source, log_type, event_id, raw, normalized, enriched}} (times in epoch milliseconds) as
 * one message per event with its event id header; the batch body becomes that list, which camel-kafka
 * sends as one batch. The events stay in {@link ZeekHeaders#BATCH_EVENTS}. Stateless and thread-safe.
 */
public class OutputRecordSerializer implements Processor {

    private final ObjectMapper mapper;

    public OutputRecordSerializer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<ZeekEvent> events = exchange.getIn().getBody(List.class);
        List<Message> records = new ArrayList<>(events.size());
        for (ZeekEvent event : events) {
            Message record = new DefaultMessage(exchange.getContext());
            record.setBody(toJson(event));
            record.setHeader(ZeekHeaders.EVENT_ID, event.eventId());
            records.add(record);
        }
        exchange.setProperty(ZeekHeaders.BATCH_EVENTS, events);
        // the batch exchange still carries the first record's consumer headers (key, topic, partition)
        exchange.getIn().removeHeaders("kafka.*");
        exchange.getIn().setBody(records);
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
