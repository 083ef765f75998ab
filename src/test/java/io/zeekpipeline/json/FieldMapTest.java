package io.zeekpipeline.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldMapTest {

    @Test
    void keepsInsertionOrderBeyondItsFirstCapacity() {
        FieldMap<Integer> fields = new FieldMap<>(2);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            fields.put("field" + (39 - i), i);
            expected.put("field" + (39 - i), i);
        }

        assertEquals(expected, fields);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(fields.keySet()));
        for (int i = 0; i < fields.size(); i++) {
            assertEquals("field" + (39 - i), fields.name(i));
            assertEquals(i, fields.value(i));
        }
    }

    @Test
    void findsFieldsAppendedWithoutALookupBeyondItsFirstCapacity() {
        FieldMap<Integer> fields = new FieldMap<>(1);
        fields.append("a", 1);
        fields.append("b", 2);
        fields.append("c", 3);

        assertEquals(List.of("a", "b", "c"), List.copyOf(fields.keySet()));
        assertEquals(2, fields.get("b"));
        assertEquals(3, fields.put("c", 4));
        assertEquals(3, fields.size());
    }

    @Test
    void replacingAValueKeepsItsPosition() {
        FieldMap<String> fields = new FieldMap<>(4);
        fields.put("a", "1");
        fields.put("b", "2");

        assertEquals("1", fields.put("a", "3"));
        assertNull(fields.putIfAbsent("c", "4"));
        assertEquals("2", fields.putIfAbsent("b", "5"));

        assertEquals(List.of("a", "b", "c"), new ArrayList<>(fields.keySet()));
        assertEquals(List.of("3", "2", "4"), new ArrayList<>(fields.values()));
    }

    @Test
    void findsNamesEqualButNotIdentical() {
        FieldMap<String> fields = new FieldMap<>(4);
        fields.put("src_ip", "10.0.0.1");

        assertEquals("10.0.0.1", fields.get(new String("src_ip".toCharArray())));
        assertTrue(fields.containsKey("src_ip"));
        assertFalse(fields.containsKey("dst_ip"));
        assertNull(fields.get(null));
    }

    @Test
    void removesByNameAndThroughTheIterator() {
        FieldMap<Integer> fields = new FieldMap<>(4);
        for (String name : List.of("a", "b", "c", "d")) {
            fields.put(name, name.charAt(0) - 'a');
        }

        assertEquals(1, fields.remove("b"));
        assertNull(fields.remove("b"));
        for (Iterator<Map.Entry<String, Integer>> it = fields.entrySet().iterator(); it.hasNext();) {
            if (it.next().getKey().equals("c")) {
                it.remove();
            }
        }

        assertEquals(Map.of("a", 0, "d", 3), fields);
        assertEquals(List.of("a", "d"), new ArrayList<>(fields.keySet()));
    }

    @Test
    void findsEveryNameWhenMoreNamesThanFilterBitsAreIn() {
        FieldMap<Integer> fields = new FieldMap<>(4);
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            fields.put("field_" + i, i);
            expected.put("field_" + i, i);
        }
        for (int i = 0; i < 300; i += 3) {
            assertEquals(i, fields.remove("field_" + i));
            expected.remove("field_" + i);
        }
        assertEquals(expected, fields);
        for (int i = 0; i < 300; i++) {
            assertEquals(expected.get("field_" + i), fields.get(new String("field_" + i)));
        }
        assertEquals(null, fields.get("absent"));
        fields.clear();
        assertEquals(null, fields.get("field_1"));
        fields.put("field_1", 1);
        assertEquals(Map.of("field_1", 1), fields);
    }
}
