package io.zeekpipeline.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.normalize.ZeekFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZeekTsvReaderTest {

    private static final String HEADER = String.join("\n",
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tx",
            "#fields\tts\tname\tcount\tok\ttags\tttls\tnot_after",
            "#types\ttime\tstring\tcount\tbool\tset[string]\tvector[interval]\ttime");

    private static List<ZeekTsvReader.Line> readAll(String text, String origin, String defaultPath) throws IOException {
        ZeekTsvReader reader = new ZeekTsvReader(new BufferedReader(new StringReader(text)), origin, defaultPath);
        List<ZeekTsvReader.Line> lines = new ArrayList<>();
        for (ZeekTsvReader.Line line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<ZeekTsvReader.Line> read(String... dataLines) throws IOException {
        String text = HEADER + "\n" + String.join("\n", dataLines) + "\n#close\t2024-04-12-19-34-07\n";
        return readAll(text, "test", "fallback");
    }

    private static ObjectNode only(String dataLine) throws IOException {
        List<ZeekTsvReader.Line> lines = read(dataLine);
        assertEquals(1, lines.size());
        assertEquals("x", lines.get(0).logType());
        return lines.get(0).record();
    }

    @Test
    void typesValuesAsZeeksJsonWriterWould() throws IOException {
        ObjectNode record =
                only("1521911720.865716\thost\t18446744073709551615\tT\ta,b\t1.500000,2.000000\t2.385616957e+09");
        assertEquals(1521911720.865716, record.get("ts").doubleValue());
        assertEquals("host", record.get("name").textValue());
        assertEquals("18446744073709551615", record.get("count").bigIntegerValue().toString(),
                "every digit of a count");
        assertEquals(true, record.get("ok").booleanValue());
        assertEquals("[\"a\",\"b\"]", record.get("tags").toString());
        assertEquals("[1.5,2.0]", record.get("ttls").toString());
        assertEquals(2385616957.0, record.get("not_after").doubleValue(), "exponent notation");
    }

    @Test
    void leavesUnsetFieldsOutAndKeepsEmptyOnesEmpty() throws IOException {
        ObjectNode record = only("1.0\t(empty)\t-\t-\t(empty)\t-\t-");
        assertEquals("", record.get("name").textValue());
        assertEquals("[]", record.get("tags").toString());
        assertFalse(record.has("count"));
        assertFalse(record.has("ok"));
    }

    @Test
    void decodesEscapesAndSpellsControlBytesAsJsonDoes() throws IOException {
        ObjectNode record = only("1.0\ta\\x09b\\\\c\\x00\\x2d\\xc0\t1\tF\tx\\x2cy,z\t-\t-");
        assertEquals("a\tb\\c\\x00-\\xc0", record.get("name").textValue());
        assertEquals("[\"x,y\",\"z\"]", record.get("tags").toString(), "an escaped comma belongs to its element");
    }

    @Test
    void distinguishesAStringDashFromUnset() throws IOException {
        assertEquals("-", only("1.0\t\\x2d\t1\tT\t(empty)\t-\t-").get("name").textValue());
        assertEquals("(empty)", only("1.0\t\\x28empty)\t1\tT\t(empty)\t-\t-").get("name").textValue());
    }

    @Test
    void readsRepeatedHeaderBlocksWithTheirOwnFields() throws IOException {
        String text = HEADER + "\n1.0\tone\t1\tT\t(empty)\t-\t-\n#close\tx\n"
                      + "#separator \\x09\n#path\ty\n#fields\tts\tother\n#types\ttime\tcount\n2.0\t7\n";
        List<ZeekTsvReader.Line> lines = readAll(text, "t", null);
        assertEquals(2, lines.size());
        assertEquals("y", lines.get(1).logType());
        assertEquals(7, lines.get(1).record().get("other").longValue());
    }

    @Test
    void readsBro20UntypedContainersAsListsOfStringsWithZeeksDefaultSeparators() throws IOException {
        List<ZeekTsvReader.Line> lines = readAll(ZeekFixtures.BRO_20_HTTP, "bro20", null);

        ObjectNode record = lines.get(0).record();
        assertEquals("[\"ACCEPT\",\"USER-AGENT\",\"HOST\",\"CONNECTION\"]",
                record.get("client_header_names").toString());
        assertEquals("[\"VIA -> 1.1 proxy\",\"X-FORWARDED-FOR -> 10.0.0.1\"]", record.get("proxied").toString());
        assertEquals("[]", record.get("tags").toString());
        assertFalse(record.has("uri_vars"));
        assertEquals(80, record.get("id.resp_p").intValue());
    }

    @Test
    void readsAContainerOfAGivenTypeWrittenAsTable() throws IOException {
        String text = "#separator \\x09\n#path\tx\n#fields\tports\n#types\ttable[port]\n53,80\n";

        assertEquals("[53,80]", readAll(text, "t", null).get(0).record().get("ports").toString());
    }

    @Test
    void takesZeeksDefaultsForABlockWithoutSeparatorLines() throws IOException {
        String text = "#separator \\x09\n#set_separator\t;\n#empty_field\tEMPTY\n#unset_field\tNONE\n#path\tx\n"
                      + "#fields\ta\tb\n#types\tset[string]\tstring\nu;v\tNONE\n"
                      + "#separator \\x09\n#path\tx\n#fields\ta\tb\n#types\tset[string]\tstring\nu,v\t-\n";
        List<ZeekTsvReader.Line> lines = readAll(text, "t", null);

        assertEquals("{\"a\":[\"u\",\"v\"]}", lines.get(0).record().toString());
        assertEquals("{\"a\":[\"u\",\"v\"]}", lines.get(1).record().toString());
    }

    @Test
    void rejectsALineWithTheWrongNumberOfColumns() {
        IOException error = assertThrows(IOException.class, () -> read("1.0\tonly-two"));
        assertEquals(true, error.getMessage().contains("test:8"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1p30", "1767225600d", "1e5f", "NaN", "Infinity", "-Infinity", "+1767225600",
        " 1767225600", "1767225600.", ".5", "1_0"})
    void rejectsATimeThatZeekNeverWrites(String time) {
        IOException error = assertThrows(IOException.class, () -> read(time + "\thost\t1\tT\t(empty)\t-\t-"));
        assertEquals("test:8: field ts is not a time: '" + time + "'", error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "0x10", " 1"})
    void rejectsACountThatZeekNeverWrites(String count) {
        IOException error = assertThrows(IOException.class, () -> read("1.0\thost\t" + count + "\tT\t(empty)\t-\t-"));
        assertEquals("test:8: field count is not a count: '" + count + "'", error.getMessage());
    }

    @Test
    void rejectsAnIntervalThatZeekNeverWrites() {
        IOException error = assertThrows(IOException.class, () -> read("1.0\thost\t1\tT\t(empty)\t1.5,NaN\t-"));
        assertEquals("test:8: field ttls is not a vector[interval]: '1.5,NaN'", error.getMessage());
    }

    @Test
    void rejectsAHeaderNamingAFieldTwice() {
        IOException error = assertThrows(IOException.class,
                () -> readAll("#fields\tts\tuid\tts\n#types\ttime\tstring\ttime\n1.0\tC1\t0.0\n", "t", "conn"));
        assertEquals("t:1: #fields names 'ts' twice", error.getMessage());
    }

    @Test
    void rejectsDataBeforeAnyHeader() {
        assertThrows(IOException.class, () -> readAll("1.0\tx\n", "t", "p"));
    }
}
