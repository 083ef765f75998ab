package io.zeekpipeline.json;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonWriterTest {

    private static final ObjectMapper MAPPER = ZeekJson.mapper();

    private static String text(JsonWriter writer) {
        return new String(writer.buffer(), 0, writer.size(), StandardCharsets.UTF_8);
    }

    @Test
    void writesNestedObjectsWithCommasOnlyBetweenMembers() {
        JsonWriter writer = new JsonWriter(4);
        writer.startObject().name("a").startObject().name("b").number(1).name("c").number(2).endObject()
                .name("d").startObject().endObject().name("e").bool(true).name("f").nullValue().endObject();

        assertEquals("{\"a\":{\"b\":1,\"c\":2},\"d\":{},\"e\":true,\"f\":null}", text(writer));
    }

    @Test
    void keepsItsBufferFromDocumentToDocumentUnlessOneGrewItPast64KiB() {
        JsonWriter writer = new JsonWriter(1024);
        writer.startObject().name("a").string("x".repeat(2000)).endObject();
        byte[] grown = writer.buffer();
        writer.reset();
        assertSame(grown, writer.buffer());

        writer.startObject().name("a").string("x".repeat(70_000)).endObject();
        writer.reset();
        assertEquals(1024, writer.buffer().length);
        writer.startObject().name("b").number(7).endObject();
        assertEquals("{\"b\":7}", text(writer));
    }

    @Test
    void copiesScannedValuesAsTheyStand() {
        FieldMap<JsonValue> members = new JsonScanner(8)
                .scanObject("{\"ts\": 1258531221.486539, \"set\": [ \"a\", \"b\" ], \"s\": \"x\\ty\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .members();
        JsonWriter writer = new JsonWriter(16);
        writer.startObject();
        members.forEach((name, value) -> writer.name(name).value(value));
        writer.endObject();

        assertEquals("{\"ts\":1258531221.486539,\"set\":[ \"a\", \"b\" ],\"s\":\"x\\ty\"}", text(writer));
    }

    @Test
    void escapesStringsAndNamesSoJacksonReadsThemBack() throws Exception {
        String awkward = "quote \" backslash \\ newline \n cr \r tab \t nul \u0000 del \u007f \u00e9 \u20ac "
                + "\ud83d\ude00";
        JsonWriter writer = new JsonWriter(8);
        writer.startObject().name(awkward).string(awkward).name("lone").string("x\ud800y").endObject();

        JsonNode back = MAPPER.readTree(writer.toByteArray());
        assertEquals(awkward, back.get(awkward).textValue());
        assertEquals("x?y", back.get("lone").textValue());
    }

    @Test
    void writesEveryLong() throws Exception {
        long[] numbers = {0, 7, -5, 10, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long number : numbers) {
            JsonWriter writer = new JsonWriter(2);
            writer.number(number);
            assertEquals(Long.toString(number), text(writer));
        }
    }

    @Test
    void writesEveryDigitCountAndItsBoundaries() {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++) {
            long largest = digits < 19 ? power * 10 - 1 : Long.MAX_VALUE;
            long[] around = {power - 1, power, power + 1, largest, -power, -largest};
            for (long number : around) {
                JsonWriter writer = new JsonWriter(2);
                writer.number(number);
                assertEquals(Long.toString(number), text(writer));
            }
            power = digits < 19 ? power * 10 : power;
        }
        JsonWriter times = new JsonWriter(2);
        times.startObject().name("ms").number(1759875843211L).name("us").number(1759875843211998L).endObject();
        assertEquals("{\"ms\":1759875843211,\"us\":1759875843211998}", text(times));
    }

    @Test
    void writesPlainTextThenEscapesFromTheFirstCharacterThatNeedsIt() {
        JsonWriter writer = new JsonWriter(2);
        writer.string("conn").string("ab\"c\u00e9d\te").string("");

        assertEquals("\"conn\"\"ab\\\"c\u00e9d\\te\"\"\"", text(writer));
    }

    @Test
    void writesDoublesAsJsonNumbersAndRefusesWhatJsonCannotHold() throws Exception {
        JsonWriter writer = new JsonWriter(2);
        writer.startObject().name("lat").number(51.5142).name("lon").number(-0.0931).name("tiny").number(1e-7)
                .endObject();

        assertEquals("{\"lat\":51.5142,\"lon\":-0.0931,\"tiny\":1.0E-7}", text(writer));
        assertEquals(1e-7, new ObjectMapper().readTree(text(writer)).get("tiny").doubleValue());
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter(2).number(Double.NaN));
    }

    @Test
    void startsAfreshAfterAReset() {
        JsonWriter writer = new JsonWriter(16);
        writer.startObject().name("a").number(1).endObject();
        writer.reset();
        writer.startObject().name("b").number(2).endObject();

        assertEquals("{\"b\":2}", text(writer));
    }
}
