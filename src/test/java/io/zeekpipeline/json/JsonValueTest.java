package io.zeekpipeline.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonValueTest {

    private static JsonValue value(String json) {
        return new JsonScanner(16).scanValue(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.0", "1.5", "1258531221.486539", "1521911720.865716", "0.000001", "0.1", "-12.75",
        "123456789012345678", "9007199254740993", "18446744073709551615", "1e300", "2.5E-3", "1.7976931348623157e308",
        "4.9e-324", "0.30000000000000004", "3.14159265358979323846264338327950288", "100000000000000000000000"})
    void readsNumbersAsTheNearestDouble(String number) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(number)),
                Double.doubleToRawLongBits(value(number).doubleValue()), number);
    }

    @Test
    void readsIntegersThatFitALong() {
        assertTrue(value("9223372036854775807").fitsLong());
        assertEquals(Long.MAX_VALUE, value("9223372036854775807").longValue());
        assertTrue(value("-9223372036854775808").fitsLong());
        assertEquals(Long.MIN_VALUE, value("-9223372036854775808").longValue());
        assertEquals(-42, value("-42").longValue());
        assertFalse(value("9223372036854775808").fitsLong());
        assertFalse(value("1.0").fitsLong());
        assertFalse(value("1e3").isIntegral());
        assertFalse(value("\"1\"").fitsLong());
    }

    @Test
    void givesTheTextOfStringsAndTheJsonOfOtherValues() {
        assertEquals("a b", value("\"a b\"").text());
        assertEquals("tab\there", value("\"tab\\there\"").text());
        assertEquals("53", value("53").text());
        assertEquals("true", value("true").text());
        assertEquals("[1,2]", value("[1,2]").text());
    }

    @Test
    void comparesAStringWithAnAsciiText() {
        assertTrue(value("\"tcp\"").isText("tcp"));
        assertFalse(value("\"tcp\"").isText("udp"));
        assertFalse(value("\"tcp \"").isText("tcp"));
        assertFalse(value("\"t\\u0063p\"").isText("tcp"));
        assertFalse(value("53").isText("53"));
    }

    @Test
    void encodesTextThePipelineAdds() {
        JsonValue plain = JsonValue.ofText("network");
        assertTrue(plain.isPlainString());
        assertEquals("\"network\"", plain.json());

        String awkward = "quote \" backslash \\ newline \n bell \u0007 \u00e9 \ud83d\ude00";
        JsonValue escaped = JsonValue.ofText(awkward);
        assertFalse(escaped.isPlainString());
        assertEquals(awkward, escaped.text());
        assertEquals(awkward, escaped.toNode().textValue());
    }

    @Test
    void tellsEachKindAndSpanFromTheBytes() {
        FieldMap<JsonValue> members = new JsonScanner(16).scanObject(("{\"s\":\"a\\\"b\",\"n\":nan,\"z\":null,"
                + "\"i\":-inf,\"t\":true,\"f\":false,\"a\":[1],\"o\":{},\"d\":-1.5}").getBytes(StandardCharsets.UTF_8))
                .members();
        List<JsonValue.Kind> kinds = new ArrayList<>();
        members.values().forEach(member -> kinds.add(member.kind()));

        assertEquals(List.of(JsonValue.Kind.STRING, JsonValue.Kind.NUMBER, JsonValue.Kind.NULL, JsonValue.Kind.NUMBER,
                JsonValue.Kind.TRUE, JsonValue.Kind.FALSE, JsonValue.Kind.ARRAY, JsonValue.Kind.OBJECT,
                JsonValue.Kind.NUMBER), kinds);
        JsonValue escaped = members.get("s");
        assertEquals(5, escaped.start());
        assertEquals(11, escaped.end());
        assertEquals("\"a\\\"b\"", escaped.json());
        assertEquals("a\"b", escaped.text());
        assertFalse(escaped.isPlainString());
        assertFalse(members.get("n").isNull());
        assertTrue(members.get("z").isNull());
    }
}
