package io.zeekpipeline.event;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** ZeekHeaders, the table of names in routes/README.md and the names the YAML routes read cannot drift apart. */
class ZeekHeadersTest {

    /** A row of the names table: | `name` | kind | `ZeekHeaders.CONSTANT` | ... */
    private static final Pattern TABLE_ROW =
            Pattern.compile("(?m)^\\| `([^`]+)` \\|[^|]*\\| `ZeekHeaders\\.([A-Z_]+)` \\|");
    /** A header or exchange property a Simple expression reads. */
    private static final Pattern SIMPLE_READ = Pattern.compile("\\$\\{(?:header|exchangeProperty)\\.([A-Za-z0-9_-]+)");

    @Test
    void theRoutesReadmeListsExactlyTheConstants() throws Exception {
        Map<String, String> documented = new HashMap<>();
        Matcher row = TABLE_ROW.matcher(Files.readString(Path.of("routes/README.md")));
        while (row.find()) {
            documented.put(row.group(2), row.group(1));
        }

        assertEquals(constants(), documented);
    }

    @Test
    void theYamlRoutesReadOnlyNamesThatAreConstants() throws Exception {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> routes = Files.walk(Path.of("routes"))) {
            for (Path route : routes.filter(file -> file.toString().endsWith(".camel.yaml")).toList()) {
                Matcher name = SIMPLE_READ.matcher(Files.readString(route));
                while (name.find()) {
                    read.add(name.group(1));
                }
            }
        }

        assertFalse(read.isEmpty(), "the shipped routes read headers and properties");
        Set<String> unknown = new TreeSet<>(read);
        unknown.removeAll(constants().values());
        assertEquals(Set.of(), unknown, "read by a YAML route but not in ZeekHeaders");
    }

    /** Constant name → value of every public String constant of ZeekHeaders. */
    private static Map<String, String> constants() throws IllegalAccessException {
        Map<String, String> constants = new HashMap<>();
        for (Field field : ZeekHeaders.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class) {
                constants.put(field.getName(), (String) field.get(null));
            }
        }
        return constants;
    }
}
