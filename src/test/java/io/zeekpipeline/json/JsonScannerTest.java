package io.zeekpipeline.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonScannerTest {

    private final JsonScanner scanner = new JsonScanner(64);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonScanner.TopLevel scan(String json) {
        return scanner.scanObject(utf8(json));
    }

    @Test
    void readsMembersInOrderWithTheirKindsAndTheirTextAsItStands() {
        FieldMap<JsonValue> members = scan(" {\"a\": \"x\", \"b\":1.50 ,\"c\": [1, \"y\"],\"d\":{\"e\": null},"
                                           + "\"f\":true,\"g\":false,\"h\":null,\"i\":-0}\n").members();

        assertEquals(List.of("a", "b", "c", "d", "f", "g", "h", "i"), new ArrayList<>(members.keySet()));
        List<JsonValue.Kind> kinds = new ArrayList<>();
        members.values().forEach(value -> kinds.add(value.kind()));
        assertEquals(List.of(JsonValue.Kind.STRING, JsonValue.Kind.NUMBER, JsonValue.Kind.ARRAY, JsonValue.Kind.OBJECT,
                JsonValue.Kind.TRUE, JsonValue.Kind.FALSE, JsonValue.Kind.NULL, JsonValue.Kind.NUMBER), kinds);
        assertEquals("\"x\"", members.get("a").json());
        assertEquals("1.50", members.get("b").json());
        assertEquals("[1, \"y\"]", members.get("c").json());
        assertEquals("{\"e\": null}", members.get("d").json());
        assertTrue(members.get("h").isNull());
    }

    @Test
    void handsOutTheInternedStringOfAKnownName() {
        JsonScanner scanner = new JsonScanner(8);
        String built = new StringBuilder("id.orig").append("_h").toString();
        FieldMap<JsonValue> first = scanner.scanObject(utf8("{\"id.orig_h\":\"10.0.0.1\"}")).members();
        FieldMap<JsonValue> second = scanner.scanObject(utf8("{\"id.orig_h\":\"10.0.0.2\"}")).members();

        // the rules' names are interned too: field maps find them by identity
        assertSame("id.orig_h", first.name(0));
        assertSame(first.name(0), second.name(0));
        assertEquals("\"10.0.0.2\"", second.get(built).json());
    }

    @Test
    void countsObjectMembersAndReadsTheFirstOnesMembers() {
        JsonScanner.TopLevel envelope =
                scan("{\"dns\": {\"ts\": 1.5, \"query\": \"example.com\"}, \"sensor\": \"s1\"}");

        assertEquals(1, envelope.objectMembers());
        assertEquals("dns", envelope.firstObjectName());
        assertEquals(List.of("ts", "query"), new ArrayList<>(envelope.firstObject().keySet()));
        assertEquals("example.com", envelope.firstObject().get("query").text());
        assertEquals(List.of("dns", "sensor"), new ArrayList<>(envelope.members().keySet()));

        JsonScanner.TopLevel two = scan("{\"a\": {\"x\": 1}, \"b\": {\"y\": 2}}");
        assertEquals(2, two.objectMembers());
        assertEquals("a", two.firstObjectName());

        JsonScanner.TopLevel flat = scan("{\"_path\": \"conn\", \"ts\": 1}");
        assertEquals(0, flat.objectMembers());
        assertNull(flat.firstObject());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"uid\": \"D01\", \"uid\": \"D01b\"}",
        "{\"uid\": \"D01\", \"ts\": 1767225600.5, \"ts\": 0}",
        "{\"conn\": {\"ts\": 1.5, \"uid\": \"D01\", \"uid\": \"D01b\"}}",
        "{\"conn\": {\"ts\": 1.5}, \"sensor\": \"s1\", \"sensor\": \"s2\"}",
        "{\"conn\": {\"ts\": 1.5}, \"conn\": {\"ts\": 2.5}}",
        "{\"uid\": \"D01\", \"\\u0075id\": \"D01b\"}",
        "{\"\\u0075id\": \"D01\", \"uid\": \"D01b\"}",
        "{\"sensor\": \"s1\", \"conn\": {\"sensor\": \"s2\"}, \"sensor\": \"s3\"}",
        "{\"conn\": {\"uid\": \"D01\", \"sensor\": \"s1\"}, \"uid\": \"D02\", \"uid\": \"D03\"}"})
    void refusesANameRepeatedInTheRecordOrTheEnvelope(String json) {
        JsonScanner.DuplicateKeyException e = assertThrows(JsonScanner.DuplicateKeyException.class, () -> scan(json));

        assertTrue(Set.of("uid", "ts", "sensor", "conn").contains(e.key()), e.key());
        assertTrue(e.getMessage().startsWith("duplicate key '" + e.key() + "' at byte "), e.getMessage());
    }

    @Test
    void refusesANameRepeatedPastItsNameTable() {
        JsonScanner small = new JsonScanner(1);
        small.scanObject(utf8("{\"a\": 1}"));

        JsonScanner.DuplicateKeyException e = assertThrows(JsonScanner.DuplicateKeyException.class,
                () -> small.scanObject(utf8("{\"b\": 1, \"a\": 2, \"b\": 3}")));
        assertEquals("b", e.key());
    }

    @Test
    void readsTheSameNamesInMessageAfterMessage() {
        for (int i = 0; i < 3; i++) {
            JsonScanner.TopLevel top = scan("{\"conn\": {\"uid\": \"C1\", \"ts\": 1}, \"uid\": \"outer\"}");
            assertEquals(2, top.firstObject().size());
            assertEquals("outer", top.members().get("uid").text());
        }
    }

    @Test
    void readsRecordsOfAKindWhoseNamesChangeOrderOrLength() {
        List<String> messages = List.of(
                "{\"conn\": {\"ts\": 1, \"uid\": \"C1\", \"x\": 1}}",
                "{\"conn\": {\"uid\": \"C2\", \"ts\": 2}}",
                "{\"conn\": {\"ts\": 3, \"uidx\": \"C3\", \"ui\": 4, \"\\u0078\": 5, \"ts2\": 6}}",
                "{\"conn\": {\"ts\": 7, \"uid\": \"C4\", \"x\": 8}}");
        List<String> expected = List.of("ts,uid,x", "uid,ts", "ts,uidx,ui,x,ts2", "ts,uid,x");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < messages.size(); i++) {
                FieldMap<JsonValue> record = scan(messages.get(i)).firstObject();
                assertEquals(expected.get(i), String.join(",", record.keySet()), messages.get(i));
            }
        }
        assertEquals("C4", scan(messages.get(3)).firstObject().get("uid").text());
    }

    @Test
    void refusesANameRepeatedWhereItsRecordsRepeatedItBefore() {
        String repeated = "{\"conn\": {\"ts\": 1, \"ts\": 2}}";
        for (int i = 0; i < 3; i++) {
            assertThrows(JsonScanner.DuplicateKeyException.class, () -> scan(repeated));
            assertEquals(2, scan("{\"conn\": {\"ts\": 1, \"uid\": \"C1\"}}").firstObject().size());
        }
    }

    @Test
    void namesTheRepeatedKey() {
        JsonScanner.DuplicateKeyException e = assertThrows(JsonScanner.DuplicateKeyException.class,
                () -> scan("{\"a\": 1, \"b\": 2, \"a\": 3}"));

        assertEquals("a", e.key());
    }

    @Test
    void keepsTheSameNameInDifferentObjects() {
        JsonScanner.TopLevel envelope = scan("{\"conn\": {\"uid\": \"C1\"}, \"uid\": \"outer\"}");

        assertEquals("C1", envelope.firstObject().get("uid").text());
        assertEquals("outer", envelope.members().get("uid").text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": \"a\\ud800b\"}", "{\"a\": \"\\udc00\"}", "{\"a\": \"\\ud800\"}",
        "{\"a\": \"\\ud800\\u0041\"}", "{\"a\": \"\\ud800\\ud800\"}", "{\"a\": \"\\ud83d\\n\"}",
        "{\"a\\udfff\": 1}", "{\"a\": [\"\\uDBFF\"]}", "{\"a\": {\"b\": \"\\ude00\\ud83d\"}}"})
    void refusesAnEscapedSurrogateWithoutItsPair(String json) {
        JsonScanner.SyntaxException e = assertThrows(JsonScanner.SyntaxException.class, () -> scan(json));

        assertTrue(e.getMessage().startsWith("unpaired surrogate escape \\u"), e.getMessage());
    }

    @Test
    void readsAnEscapedSurrogatePair() {
        JsonValue value = scan("{\"a\": \"x\\ud83d\\ude00y\\uD83D\\uDE00\"}").members().get("a");

        assertEquals("x\ud83d\ude00y\ud83d\ude00", value.text());
    }

    @Test
    void decodesEscapedStringsAndNames() {
        FieldMap<JsonValue> members = scan("{\"a\\u0062\": \"x\\\"y\\u00e9\\n\", \"plain\": \"caf\u00e9 \u20ac "
                + "\ud83d\ude00\"}")
                .members();

        JsonValue escaped = members.get("ab");
        assertFalse(escaped.isPlainString());
        assertEquals("x\"y\u00e9\n", escaped.text());
        JsonValue plain = members.get("plain");
        assertTrue(plain.isPlainString());
        assertEquals("caf\u00e9 \u20ac \ud83d\ude00", plain.text());
    }

    @Test
    void givesTheSameNameStringForTheSameNameInEveryMessage() {
        String first = scan("{\"orig_bytes\": 1}").members().name(0);
        String second = scan("{\"orig_bytes\": 2}").members().name(0);

        assertSame(first, second);
    }

    @Test
    void decodesNamesBeyondItsTableWithoutKeepingThem() {
        JsonScanner small = new JsonScanner(2);
        for (int i = 0; i < 10; i++) {
            assertEquals("name" + i, small.scanObject(utf8("{\"name" + i + "\": 1}")).members().name(0));
        }
        assertEquals("name9", small.scanObject(utf8("{\"name9\": 1}")).members().name(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}",
        "{\"a\":\"x}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}",
        "{\"a\":1} x", "{\"a\":1}{}", "{'a':1}", "{a:1}", "{\"a\":[1,2}", "{\"a\":{\"b\":1]}", "{\"a\":[1 2]}",
        "{\"a\":[1,]}", "{\"a\" 1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1 \"b\":2}", "[1]",
        "{\"a\":-Infinity}", "{\"a\":INF}", "{\"a\":+inf}", "{\"a\":infinity}", "{\"a\":in}", "{\"a\":-nan}",
        "{\"a\":nann}", "{\"a\":- inf}", "{\"a\":inf1}", "{\"a\":\"x\"inf}", "{inf:1}", "{\"a\":na}"})
    void refusesWhatIsNotOneJsonObject(String text) {
        assertThrows(JsonScanner.SyntaxException.class, () -> scan(text));
    }

    /** Bro 2.6's JSON writer printed non-finite doubles as these bare words. */
    @Test
    void readsZeeksNonFiniteNumbersAsNumbersAsWritten() {
        FieldMap<JsonValue> members = scan("{\"a\":inf,\"b\":-inf,\"c\":nan,\"d\":[inf, -inf,nan],\"e\":null}")
                .members();

        assertEquals(List.of(JsonValue.Kind.NUMBER, JsonValue.Kind.NUMBER, JsonValue.Kind.NUMBER),
                List.of(members.get("a").kind(), members.get("b").kind(), members.get("c").kind()));
        assertEquals("-inf", members.get("b").json());
        assertEquals(Double.POSITIVE_INFINITY, members.get("a").doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, members.get("b").doubleValue());
        assertTrue(Double.isNaN(members.get("c").doubleValue()));
        assertFalse(members.get("a").isIntegral());
        assertFalse(members.get("c").fitsLong());
        List<String> elements = new ArrayList<>();
        members.get("d").elements().forEach(element -> elements.add(element.json()));
        assertEquals(List.of("inf", "-inf", "nan"), elements);
        assertTrue(members.get("e").isNull());
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        int[][] invalid = {{0xff}, {0xc0, 0x80}, {0xc3}, {0xe2, 0x82}, {0xed, 0xa0, 0x80}, {0xe0, 0x80, 0x80},
                           {0xf0, 0x80, 0x80, 0x80}, {0xf4, 0x90, 0x80, 0x80}, {0xf5, 0x80, 0x80, 0x80}, {0x80}};
        for (int[] bytes : invalid) {
            byte[] message = new byte[bytes.length + 10];
            byte[] head = utf8("{\"a\":\"");
            System.arraycopy(head, 0, message, 0, head.length);
            for (int i = 0; i < bytes.length; i++) {
                message[head.length + i] = (byte) bytes[i];
            }
            message[head.length + bytes.length] = '"';
            message[head.length + bytes.length + 1] = '}';
            byte[] exact = java.util.Arrays.copyOf(message, head.length + bytes.length + 2);
            JsonScanner.SyntaxException e = assertThrows(JsonScanner.SyntaxException.class,
                    () -> scanner.scanObject(exact), () -> "accepted " + java.util.Arrays.toString(bytes));
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        }
    }

    @Test
    void limitsTheNesting() {
        String fine = "{\"a\":" + "[".repeat(JsonScanner.MAX_DEPTH - 2) + "]".repeat(JsonScanner.MAX_DEPTH - 2) + "}";
        assertEquals(JsonValue.Kind.ARRAY, scan(fine).members().get("a").kind());

        String deep = "{\"a\":" + "[".repeat(JsonScanner.MAX_DEPTH + 1) + "]".repeat(JsonScanner.MAX_DEPTH + 1) + "}";
        JsonScanner.SyntaxException e = assertThrows(JsonScanner.SyntaxException.class, () -> scan(deep));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void readsOneValueOfAnyKind() {
        assertEquals(JsonValue.Kind.ARRAY, scanner.scanValue(utf8(" [1, 2] ")).kind());
        assertEquals("x", scanner.scanValue(utf8("\"x\"")).text());
        assertThrows(JsonScanner.SyntaxException.class, () -> scanner.scanValue(utf8("1 2")));
    }

    @Test
    void listsTheElementsOfAnArray() {
        JsonValue array = scan("{\"a\": [ 1, \"b\" , null, [2, 3], {\"c\": 4} ]}").members().get("a");

        List<String> elements = new ArrayList<>();
        array.elements().forEach(element -> elements.add(element.json()));
        assertEquals(List.of("1", "\"b\"", "null", "[2, 3]", "{\"c\": 4}"), elements);
        assertEquals(List.of(), scan("{\"a\": [ ]}").members().get("a").elements());
        assertEquals(List.of(), scan("{\"a\": 1}").members().get("a").elements());
    }
}
