package io.zeekpipeline.json;

/**
 * Zeek's container type names in a TSV {@code #types} line or schema.json: {@code set[T]} and {@code vector[T]},
 * Bro 2.0's {@code table[T]} for a set, and Bro 2.0/2.1's bare {@code set}, {@code table} and {@code vector}
 * without an element type, whose elements are strings. Stateless.
 */
public final class ZeekContainerTypes {

    private ZeekContainerTypes() {
    }

    /** The element type of a container type name ({@code string} when it names none), or null for any other name. */
    public static String elementType(String type) {
        switch (type) {
            case "set", "table", "vector" -> {
                return "string";
            }
            default -> {
                boolean container = type.startsWith("set[") || type.startsWith("table[") || type.startsWith("vector[");
                return container && type.endsWith("]") ? type.substring(type.indexOf('[') + 1, type.length() - 1)
                        : null;
            }
        }
    }
}
