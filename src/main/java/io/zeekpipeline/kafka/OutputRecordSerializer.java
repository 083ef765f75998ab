package io.zeekpipeline.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.model.FieldMap;
import io.zeekpipeline.model.LogTypeGroup;
import io.zeekpipeline.model.ZeekEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a group's events into a chunk of output-topic records on the consumer thread, before the
 * batching: the seed's three-layer JSON {@code {source, log_type, event_id, raw, normalized, enriched}} (times in
 * epoch milliseconds). Thread-safe: its only state is a concurrent cache of encoded field names.
 */
public class OutputRecordSerializer implements Processor {

    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString LOG_TYPE = new SerializedString("log_type");
    private static final SerializedString EVENT_ID = new SerializedString("event_id");
    private static final SerializedString RAW = new SerializedString("raw");
    private static final SerializedString NORMALIZED = new SerializedString("normalized");
    private static final SerializedString EVENT_TIME = new SerializedString("event_time");
    private static final SerializedString INGEST_TIME = new SerializedString("ingest_time");
    private static final SerializedString ENRICHED = new SerializedString("enriched");
    /** Field names seen, kept up to this many: sensors send few distinct names, a broken one may send endless ones. */
    private static final int MAX_NAMES = 4096;

    private final ObjectMapper mapper;
    /** Field names quoted and encoded once, not character by character for every event. */
    private final Map<String, SerializableString> names = new ConcurrentHashMap<>();

    public OutputRecordSerializer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        OutputBatch chunk = new OutputBatch();
        try (Writer writer = new Writer(4096)) {
            group.apply(event -> {
                chunk.add(exchange.getContext(), writer.toJson(event), event.source());
                event.source().handedTo(OffsetTracker.KAFKA);
            }, Rejects.of(exchange));
        }
        exchange.getIn().setBody(chunk);
    }

    public byte[] toJson(ZeekEvent event) {
        try (Writer writer = new Writer(event.original().length + 256)) {
            return writer.toJson(event);
        }
    }

    /**
     * Writes events one after another with one buffer and one generator: a generator per event was
     * a good part of this step's cost. Used by one thread.
     */
    private final class Writer implements AutoCloseable {
        private final ByteArrayOutputStream out;
        private JsonGenerator json;

        Writer(int size) {
            this.out = new ByteArrayOutputStream(size);
        }

        byte[] toJson(ZeekEvent event) {
            out.reset();
            try {
                if (json == null) {
                    json = mapper.getFactory().createGenerator(out);
                    // events follow each other as separate documents, with nothing written between them
                    json.setRootValueSeparator(null);
                }
                writeEvent(json, event);
                json.flush();
            } catch (IOException e) {
                json = null;
                throw new UncheckedIOException("cannot serialize event " + event.eventId(), e);
            } catch (RuntimeException e) {
                // a generator left inside an unfinished object cannot write the next event
                json = null;
                throw e;
            }
            return out.toByteArray();
        }

        /** Hands the generator's buffers back for reuse. */
        @Override
        public void close() {
            if (json != null) {
                try {
                    json.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void writeEvent(JsonGenerator json, ZeekEvent event) throws IOException {
        json.writeStartObject();
        json.writeFieldName(SOURCE);
        json.writeString("zeek");
        json.writeFieldName(LOG_TYPE);
        json.writeString(event.logType());
        json.writeFieldName(EVENT_ID);
        json.writeString(event.eventId());
        json.writeFieldName(RAW);
        writeNode(json, event.raw());
        json.writeFieldName(NORMALIZED);
        json.writeStartObject();
        json.writeFieldName(EVENT_TIME);
        json.writeNumber(Math.floorDiv(event.eventTimeMicros(), 1000L));
        json.writeFieldName(INGEST_TIME);
        json.writeNumber(Math.floorDiv(event.ingestTimeMicros(), 1000L));
        FieldMap<JsonNode> normalized = event.normalized();
        for (int i = 0; i < normalized.size(); i++) {
            json.writeFieldName(name(normalized.name(i)));
            writeNode(json, normalized.value(i));
        }
        json.writeEndObject();
        json.writeFieldName(ENRICHED);
        json.writeStartObject();
        FieldMap<Object> enriched = event.enriched();
        for (int i = 0; i < enriched.size(); i++) {
            json.writeFieldName(name(enriched.name(i)));
            writeValue(json, enriched.value(i));
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * Writes a parsed Zeek value with the generator alone: going through the mapper builds a
     * serializer provider per call, which was the largest cost of this step.
     */
    private void writeNode(JsonGenerator json, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                json.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    json.writeFieldName(name(field.getKey()));
                    writeNode(json, field.getValue());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(json, element);
                }
                json.writeEndArray();
            }
            case STRING -> json.writeString(node.textValue());
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            case NULL, MISSING -> json.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> json.writeNumber(node.intValue());
                    case LONG -> json.writeNumber(node.longValue());
                    case BIG_INTEGER -> json.writeNumber(node.bigIntegerValue());
                    case BIG_DECIMAL -> json.writeNumber(node.decimalValue());
                    default -> json.writeNumber(node.doubleValue());
                }
            }
            default -> mapper.writeTree(json, node);
        }
    }

    private SerializableString name(String name) {
        SerializableString quoted = names.get(name);
        if (quoted == null) {
            quoted = new SerializedString(name);
            if (names.size() < MAX_NAMES) {
                names.put(name, quoted);
            }
        }
        return quoted;
    }

    /** Writes an enriched value (a string, number, boolean or null) with the generator alone. */
    private void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            mapper.writeValue(json, value);
        }
    }
}
