package io.zeekpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekpipeline.json.ZeekJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BroJsonReaderTest {

    @Test
    void rewritesOnlyBareInfAndNanOutsideStrings() {
        assertEquals("{\"a\":Infinity,\"b\":[-Infinity, NaN],\"c\":\"inf \\\" nan\",\"d\":1e-5}",
                BroJsonReader.jacksonWords("{\"a\":inf,\"b\":[-inf, nan],\"c\":\"inf \\\" nan\",\"d\":1e-5}"));
        assertEquals(null, BroJsonReader.jacksonWords("{\"a\":1.5,\"b\":true,\"c\":\"inf\"}"), "nothing to rewrite");
        assertEquals(null, BroJsonReader.jacksonWords("{\"a\":inf,\"b\":NaN}"), "NaN stays malformed");
        assertEquals(null, BroJsonReader.jacksonWords("{\"a\":+inf}"), "+inf stays malformed");
    }

    @Test
    void readsTheWordsAsNonFiniteDoubles() throws Exception {
        JsonNode node = new BroJsonReader(ZeekJson.mapper()).read("{\"a\":inf,\"b\":[-inf,nan]}");

        assertEquals(Double.POSITIVE_INFINITY, node.get("a").doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, node.get("b").get(0).doubleValue());
        assertTrue(Double.isNaN(node.get("b").get(1).doubleValue()));
    }
}
