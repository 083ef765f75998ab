package io.zeekpipeline.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code verify}'s own reading of a Zeek TSV log, written apart from the pipeline's reader so that verify does not
 * share its mistakes: each data line becomes the record Zeek's JSON writer would have written, typed by the
 * block's {@code #types} (numbers as their exact decimal text, Bro 2.0's untyped {@code vector}/{@code table}/
 * {@code set} as lists of strings), with Zeek's default separators where the block names none. A line that is no
 * record is reported and skipped. Not thread-safe.
 */
final class TsvLogRecords {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String origin;
    private String separator = "\t";
    private String setSeparator = ",";
    private String emptyField = "(empty)";
    private String unsetField = "-";
    private String path;
    private List<String> fields;
    private List<String> types;

    TsvLogRecords(String origin, String defaultPath) {
        this.origin = origin;
        this.path = defaultPath;
    }

    void read(BufferedReader reader, ZeekLogFiles.RecordSink sink, Consumer<String> unreadable) throws IOException {
        long number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                header(line);
            } else if (fields == null) {
                unreadable.accept(origin + ":" + number + ": data before a #fields header");
            } else {
                try {
                    sink.accept(path, record(line), null);
                } catch (IllegalArgumentException e) {
                    unreadable.accept(origin + ":" + number + ": " + e.getMessage());
                }
            }
        }
    }

    private void header(String line) {
        if (line.startsWith("#separator ")) {
            separator = new String(bytes(line.substring("#separator ".length())), StandardCharsets.UTF_8);
            setSeparator = ",";
            emptyField = "(empty)";
            unsetField = "-";
            fields = null;
            types = null;
            return;
        }
        List<String> parts = List.of(line.split(Pattern.quote(separator), -1));
        String value = parts.size() > 1 ? parts.get(1) : "";
        switch (parts.get(0)) {
            case "#set_separator" -> setSeparator = value;
            case "#empty_field" -> emptyField = value;
            case "#unset_field" -> unsetField = value;
            case "#path" -> path = value;
            case "#fields" -> fields = parts.subList(1, parts.size());
            case "#types" -> types = parts.subList(1, parts.size());
            default -> {
                // #open, #close: nothing a record holds
            }
        }
    }

    private ObjectNode record(String line) {
        String[] values = line.split(Pattern.quote(separator), -1);
        if (values.length != fields.size() || (types != null && types.size() != fields.size())) {
            throw new IllegalArgumentException(values.length + " columns, the header has " + fields.size());
        }
        ObjectNode record = NODES.objectNode();
        for (int i = 0; i < values.length; i++) {
            if (!values[i].equals(unsetField)) {
                record.set(fields.get(i), value(values[i], types == null ? "string" : types.get(i), fields.get(i)));
            }
        }
        return record;
    }

    private JsonNode value(String text, String type, String field) {
        String element = elementType(type);
        if (element == null) {
            return text.equals(emptyField) ? NODES.textNode("") : scalar(text, type, field);
        }
        ArrayNode list = NODES.arrayNode();
        if (!text.equals(emptyField)) {
            for (String item : text.split(Pattern.quote(setSeparator), -1)) {
                list.add(item.equals(unsetField) ? NODES.nullNode() : scalar(item, element, field));
            }
        }
        return list;
    }

    /** The element type of a container type, "string" for Bro 2.0's untyped ones; null for a scalar type. */
    private static String elementType(String type) {
        if (type.equals("vector") || type.equals("table") || type.equals("set")) {
            return "string";
        }
        int bracket = type.indexOf('[');
        return bracket > 0 && type.endsWith("]") ? type.substring(bracket + 1, type.length() - 1) : null;
    }

    private static JsonNode scalar(String text, String type, String field) {
        switch (type) {
            case "count", "int", "port" -> {
                check(INTEGER, text, type, field);
                return NODES.numberNode(new BigInteger(text));
            }
            case "time", "interval", "double" -> {
                check(DECIMAL, text, type, field);
                return NODES.numberNode(new BigDecimal(text));
            }
            case "bool" -> {
                if (!text.equals("T") && !text.equals("F")) {
                    throw new IllegalArgumentException("field " + field + " is not a bool: '" + text + "'");
                }
                return NODES.booleanNode(text.equals("T"));
            }
            default -> {
                return NODES.textNode(jsonWriterText(bytes(text)));
            }
        }
    }

    private static void check(Pattern form, String text, String type, String field) {
        if (!form.matcher(text).matches()) {
            throw new IllegalArgumentException("field " + field + " is not a " + type + ": '" + text + "'");
        }
    }

    /** The bytes a TSV value stands for: {@code \\} a backslash, {@code \xNN} the byte NN. */
    private static byte[] bytes(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 1 < raw.length && raw[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (raw[i] == '\\' && i + 3 < raw.length && raw[i + 1] == 'x'
                       && Character.digit(raw[i + 2], 16) >= 0 && Character.digit(raw[i + 3], 16) >= 0) {
                out.write(Character.digit(raw[i + 2], 16) * 16 + Character.digit(raw[i + 3], 16));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toByteArray();
    }

    /**
     * The text Zeek's JSON writer makes of bytes: UTF-8 characters as they are, \b \f \n \r \t too, any other
     * control byte and any byte of no UTF-8 character as the four characters {@code \xNN}.
     */
    private static String jsonWriterText(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int length = characterLength(bytes, i);
            int first = bytes[i] & 0xFF;
            if (length == 0 || (first < 0x20 && "\b\f\n\r\t".indexOf(first) < 0)) {
                text.append(String.format("\\x%02x", first));
                i++;
            } else {
                text.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        return text.toString();
    }

    /** The length of the UTF-8 character at {@code i}, 0 when the bytes there are none. */
    private static int characterLength(byte[] bytes, int i) {
        int first = bytes[i] & 0xFF;
        int length = first < 0x80 ? 1 : first >= 0xC2 && first <= 0xDF ? 2 : first >= 0xE0 && first <= 0xEF ? 3
                : first >= 0xF0 && first <= 0xF4 ? 4 : 0;
        if (length == 0 || i + length > bytes.length) {
            return 0;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, i, length));
            return length;
        } catch (CharacterCodingException e) {
            return 0;
        }
    }
}
