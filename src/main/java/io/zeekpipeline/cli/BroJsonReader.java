package io.zeekpipeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads a JSON text with Jackson, taking Bro 2.6's bare non-finite numbers {@code inf}, {@code -inf} and
 * {@code nan} (outside strings) as numbers, as the pipeline does: they are written as the words Jackson's
 * ALLOW_NON_NUMERIC_NUMBERS reads, and nothing else is loosened ({@code NaN}, {@code Infinity}, {@code +inf} stay
 * malformed). Independent of the pipeline's own JSON scanner. Immutable and thread-safe.
 */
final class BroJsonReader {

    private final ObjectReader strict;
    private final ObjectReader nonFinite;

    BroJsonReader(ObjectMapper mapper) {
        this.strict = mapper.reader();
        this.nonFinite = strict.with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    }

    JsonNode read(String text) throws JsonProcessingException {
        String jackson = jacksonWords(text);
        return jackson == null ? strict.readTree(text) : nonFinite.readTree(jackson);
    }

    /**
     * The text with every bare {@code inf}, {@code -inf} and {@code nan} as {@code Infinity}, {@code -Infinity} and
     * {@code NaN}; null when it has none, or when it has another bare word (which then fails as malformed).
     */
    static String jacksonWords(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean replaced = false;
        boolean inString = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (inString || c == '"' || isSeparator(c)) {
                out.append(c);
                if (inString && c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == '"') {
                    inString = !inString;
                }
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && text.charAt(end) != '"' && !isSeparator(text.charAt(end))) {
                end++;
            }
            String token = text.substring(i, end);
            String word = switch (token) {
                case "inf" -> "Infinity";
                case "-inf" -> "-Infinity";
                case "nan" -> "NaN";
                default -> null;
            };
            if (word != null) {
                out.append(word);
                replaced = true;
            } else if (isPlainJson(token)) {
                out.append(token);
            } else {
                return null;
            }
            i = end;
        }
        return replaced ? out.toString() : null;
    }

    private static boolean isSeparator(char c) {
        return "{}[]:,".indexOf(c) >= 0 || Character.isWhitespace(c);
    }

    /** A literal or what may be a JSON number; no sign '+', no letters but an exponent's. */
    private static boolean isPlainJson(String token) {
        return token.equals("true") || token.equals("false") || token.equals("null")
               || !token.startsWith("+") && token.chars().allMatch(ch -> "0123456789-.eE+".indexOf(ch) >= 0);
    }
}
