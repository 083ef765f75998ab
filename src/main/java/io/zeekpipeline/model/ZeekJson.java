package io.zeekpipeline.model;

import java.util.LinkedHashMap;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON settings Zeek records are read and written with. Stateless. */
public final class ZeekJson {

    private ZeekJson() {
    }

    /**
     * A new mapper: a message holding more than one JSON value is refused, and doubles (every Zeek
     * time and interval) are parsed and printed by Jackson's fast, exactly rounding routines instead
     * of the JDK's, which were a tenth of the per-event cost.
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .nodeFactory(new RecordNodeFactory())
                .build();
    }

    /**
     * Objects start with room for 24 fields, as many as most Zeek records have: the default map
     * grows at 12 and again at 24, allocating and rehashing each time. Stateless.
     */
    private static final class RecordNodeFactory extends JsonNodeFactory {
        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new LinkedHashMap<>(32));
        }
    }
}
