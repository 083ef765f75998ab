package io.zeekpipeline.ingest;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.json.ZeekContainerTypes;
import io.zeekpipeline.json.ZeekNumberText;

/**
 * Reads Zeek's default TSV logs (header blocks with {@code #separator}, {@code #fields}, {@code #types},
 * repeated blocks, {@code #close}) and turns each line into the record Zeek's JSON writer would have
 * produced: fields by header name, {@code -} left out, {@code (empty)} as "" or [], escapes decoded, containers
 * as arrays (Bro 2.0's untyped {@code vector}/{@code table} as arrays of strings), Zeek's default separators where
 * a header block does not name them, non-UTF-8 and control bytes spelled {@code \xNN} as the JSON writer does.
 * Numbers must have the forms Zeek writes ({@link ZeekNumberText}) and field names must differ. Not thread-safe.
 */
public final class ZeekTsvReader {

    /** One log line: its log path and the record. */
    public record Line(String logType, ObjectNode record) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Zeek's Log::set_separator, Log::empty_field and Log::unset_field, for a header that leaves them out. */
    private static final String DEFAULT_SET_SEPARATOR = ",";
    private static final String DEFAULT_EMPTY_FIELD = "(empty)";
    private static final String DEFAULT_UNSET_FIELD = "-";

    private final BufferedReader in;
    private final String origin;
    private String separator = "\t";
    private String setSeparator = DEFAULT_SET_SEPARATOR;
    private String emptyField = DEFAULT_EMPTY_FIELD;
    private String unsetField = DEFAULT_UNSET_FIELD;
    private String path;
    private String[] fields;
    private String[] types;
    private long lineNumber;

    public ZeekTsvReader(BufferedReader in, String origin, String defaultPath) {
        this.in = in;
        this.origin = origin;
        this.path = defaultPath;
    }

    /** The next record, or null at the end of the input. */
    public Line next() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                header(line);
                continue;
            }
            if (fields == null) {
                throw new IOException(origin + ":" + lineNumber + ": data before a #fields header");
            }
            return new Line(path, record(line));
        }
        return null;
    }

    private void header(String line) throws IOException {
        if (line.startsWith("#separator ")) {
            // a header block starts here: what it does not name takes Zeek's default, not the last block's value
            separator = new String(unescape(line.substring("#separator ".length())), StandardCharsets.UTF_8);
            setSeparator = DEFAULT_SET_SEPARATOR;
            emptyField = DEFAULT_EMPTY_FIELD;
            unsetField = DEFAULT_UNSET_FIELD;
            types = null;
            return;
        }
        String[] parts = line.split(java.util.regex.Pattern.quote(separator), -1);
        String key = parts[0];
        String[] values = java.util.Arrays.copyOfRange(parts, 1, parts.length);
        switch (key) {
            case "#set_separator" -> setSeparator = values[0];
            case "#empty_field" -> emptyField = values[0];
            case "#unset_field" -> unsetField = values[0];
            case "#path" -> path = values[0];
            case "#fields" -> fields = distinct(values);
            case "#types" -> types = values;
            default -> {
                // #open, #close and comments carry nothing a record needs
            }
        }
        if (fields != null && types != null && fields.length != types.length && "#types".equals(key)) {
            throw new IOException(origin + ":" + lineNumber + ": #fields and #types differ in length");
        }
    }

    /** The #fields names, which must differ: one value would silently replace the other in the record. */
    private String[] distinct(String[] names) throws IOException {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IOException(origin + ":" + lineNumber + ": #fields names '" + name + "' twice");
            }
        }
        return names;
    }

    private ObjectNode record(String line) throws IOException {
        String[] values = line.split(java.util.regex.Pattern.quote(separator), -1);
        if (values.length != fields.length) {
            throw new IOException(origin + ":" + lineNumber + ": " + values.length + " columns, the header has "
                                  + fields.length);
        }
        ObjectNode record = NODES.objectNode();
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            if (value.equals(unsetField)) {
                continue;
            }
            String type = types == null ? "string" : types[i];
            try {
                record.set(fields[i], convert(value, type));
            } catch (NumberFormatException e) {
                throw new IOException(origin + ":" + lineNumber + ": field " + fields[i] + " is not a " + type
                                      + ": '" + value + "'", e);
            }
        }
        return record;
    }

    private JsonNode convert(String value, String type) {
        String element = ZeekContainerTypes.elementType(type);
        if (element != null) {
            ArrayNode array = NODES.arrayNode();
            if (!value.equals(emptyField)) {
                for (String item : value.split(java.util.regex.Pattern.quote(setSeparator), -1)) {
                    array.add(item.equals(unsetField) ? NODES.nullNode() : scalar(item, element));
                }
            }
            return array;
        }
        if (value.equals(emptyField)) {
            return NODES.textNode("");
        }
        return scalar(value, type);
    }

    private static JsonNode scalar(String value, String type) {
        return switch (type) {
            case "count", "int", "port" -> integer(value);
            case "double", "interval", "time" -> decimal(value);
            case "bool" -> NODES.booleanNode("T".equals(value));
            default -> NODES.textNode(jsonText(unescape(value)));
        };
    }

    private static JsonNode integer(String value) {
        if (!ZeekNumberText.isInteger(value)) {
            // Long.parseLong would also read +1
            throw new NumberFormatException(value);
        }
        try {
            return NODES.numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return NODES.numberNode(new BigInteger(value));
        }
    }

    private static JsonNode decimal(String value) {
        if (!ZeekNumberText.isDecimal(value)) {
            // Double.parseDouble would also read 0x1p30, 1e5f, NaN or +1
            throw new NumberFormatException(value);
        }
        return NODES.numberNode(Double.parseDouble(value));
    }

    /** TSV escapes to bytes: {@code \\} is a backslash, {@code \xNN} a byte. */
    static byte[] unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 1 < raw.length && raw[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (raw[i] == '\\' && i + 3 < raw.length && raw[i + 1] == 'x' && isHex(raw[i + 2])
                    && isHex(raw[i + 3])) {
                out.write(Integer.parseInt(new String(raw, i + 2, 2, StandardCharsets.US_ASCII), 16));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /**
     * The text Zeek's JSON writer makes of these bytes: valid UTF-8 as it is, \b \f \n \r \t as
     * themselves, other control bytes and bytes that are not UTF-8 as the four characters {@code \xNN}.
     */
    static String jsonText(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            if (!hasOtherControl(text)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // some bytes are not UTF-8: spell them out below
        }
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        int i = 0;
        while (i < bytes.length) {
            int length = utf8Length(bytes, i);
            if (length > 0) {
                String piece = new String(bytes, i, length, StandardCharsets.UTF_8);
                char c = piece.charAt(0);
                if (length == 1 && c < 0x20 && "\b\f\n\r\t".indexOf(c) < 0) {
                    sb.append(String.format("\\x%02x", (int) c));
                } else {
                    sb.append(piece);
                }
                i += length;
            } else {
                sb.append(String.format("\\x%02x", bytes[i] & 0xff));
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean hasOtherControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && "\b\f\n\r\t".indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Length of the valid UTF-8 sequence starting at {@code i}, or 0 when there is none. */
    private static int utf8Length(byte[] b, int i) {
        int first = b[i] & 0xff;
        int length = first < 0x80 ? 1 : first >= 0xc2 && first < 0xe0 ? 2 : first >= 0xe0 && first < 0xf0 ? 3
                : first >= 0xf0 && first < 0xf5 ? 4 : 0;
        if (length == 0 || i + length > b.length) {
            return 0;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(b, i, length));
            return chars.length() > 0 ? length : 0;
        } catch (CharacterCodingException e) {
            return 0;
        }
    }
}
