package io.zeekpipeline.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON settings Zeek records are read and written with. Stateless. */
public final class ZeekJson {

    private ZeekJson() {
    }

    /**
     * A new mapper: a text holding more than one JSON value is refused, and doubles are parsed and
     * printed by Jackson's fast, exactly rounding routines instead of the JDK's. Consumed messages
     * are read by {@link JsonScanner}; the mapper reads configuration and writes TSV records as JSON.
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
    }
}
