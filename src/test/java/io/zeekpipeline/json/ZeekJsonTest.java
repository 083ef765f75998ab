package io.zeekpipeline.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZeekJsonTest {

    private final ObjectMapper mapper = ZeekJson.mapper();

    @Test
    void parsedObjectsKeepTheirMembersInOrderThroughRemovalsAndWrites() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(39 - i).append("\":").append(i);
        }
        json.append(",\"nested\":{\"a\":[1,{\"b\":null}]}}");
        ObjectNode record = (ObjectNode) mapper.readTree(json.toString());

        assertEquals(41, record.size());
        assertEquals(json.toString(), mapper.writeValueAsString(record));
        assertEquals(5, record.remove("f34").intValue());
        assertEquals(39, record.get("f0").intValue());
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        assertEquals("f39", names.get(0));
        assertEquals("f33", names.get(5));
        assertEquals("nested", names.get(39));
        ObjectNode copy = ((ObjectNode) mapper.readTree(json.toString())).deepCopy();
        copy.remove("f34");
        assertEquals(copy, record);
    }

    @Test
    void aDuplicateMemberKeepsTheFirstPlaceAndTheLastValue() throws Exception {
        JsonNode record = mapper.readTree("{\"a\":1,\"b\":2,\"a\":3}");

        assertEquals("{\"a\":3,\"b\":2}", mapper.writeValueAsString(record));
    }

    @Test
    void refusesTrailingValues() {
        assertThrows(Exception.class, () -> mapper.readTree("{\"a\":1} {\"b\":2}"));
    }
}
