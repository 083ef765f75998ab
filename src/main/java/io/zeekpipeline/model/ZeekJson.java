package io.zeekpipeline.model;

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
     * Objects keep their members in a {@link FieldMap} with room for 24, as many as most Zeek records
     * have: a linked hash map allocated an entry object per member and grew on the way, and
     * normalization's removal of the promoted members walked those scattered entries. Stateless.
     */
    private static final class RecordNodeFactory extends JsonNodeFactory {
        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new FieldMap<>(24));
        }
    }
}
