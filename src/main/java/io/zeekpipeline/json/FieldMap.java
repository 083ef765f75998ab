package io.zeekpipeline.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small map of named fields in insertion order, kept in one array of name, value, name, value...: an
 * event's raw, normalized and enriched layers hold 5-30 fields, for which a linked hash map's entry objects
 * and table were most of the garbage of those steps, and separate arrays of names, values and hash codes
 * still a third of an event's parsing garbage. Lookups compare the names by identity first (the scanner
 * and the rules hand out one interned string per name), then by content, unless a 64-bit filter of the
 * hash codes put shows the name was never put; {@link #name(int)} and {@link #value(int)} read fields by
 * position without an iterator. Null names are not allowed. Not thread-safe.
 */
public final class FieldMap<V> extends AbstractMap<String, V> {

    private static final Object[] EMPTY = {};

    /** Field i's name at 2i, its value at 2i + 1. */
    private Object[] slots;
    private int size;
    /** Bit {@link #bit(int)} of every name put since the last clear: a clear bit means the name is absent. */
    private long filter;

    public FieldMap(int capacity) {
        slots = capacity == 0 ? EMPTY : new Object[2 * capacity];
    }

    @Override
    public int size() {
        return size;
    }

    /** The name of the field at {@code index} (0 to size - 1), in insertion order. */
    public String name(int index) {
        return (String) slots[2 * index];
    }

    /** The value of the field at {@code index}. */
    @SuppressWarnings("unchecked")
    public V value(int index) {
        return (V) slots[2 * index + 1];
    }

    /** Makes room for {@code fields} fields in all, so a step that knows how many it may put grows the map once. */
    public void ensureCapacity(int fields) {
        if (slots.length < 2 * fields) {
            slots = Arrays.copyOf(slots, 2 * fields);
        }
    }

    @Override
    public V get(Object name) {
        int index = indexOf(name);
        return index < 0 ? null : value(index);
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public V put(String name, V value) {
        int index = indexOf(name);
        if (index >= 0) {
            V old = value(index);
            slots[2 * index + 1] = value;
            return old;
        }
        append(name, value);
        return null;
    }

    /** Adds a field whose name the caller knows the map does not hold, without looking for it. */
    public void append(String name, V value) {
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, Math.max(8, 4 * size));
        }
        filter |= bit(name.hashCode());
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
        size++;
    }

    @Override
    public V remove(Object name) {
        int index = indexOf(name);
        if (index < 0) {
            return null;
        }
        V old = value(index);
        removeAt(index);
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(slots, 0, 2 * size, null);
        size = 0;
        filter = 0;
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, V> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        removable = true;
                        int index = next++;
                        return new SimpleImmutableEntry<>(name(index), value(index));
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException();
                        }
                        removable = false;
                        removeAt(--next);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static long bit(int hash) {
        return 1L << (hash ^ (hash >>> 16));
    }

    /** The position of the field {@code name} (0 to size - 1), or -1 when there is none. */
    public int indexOf(Object name) {
        if (name == null || (filter & bit(name.hashCode())) == 0) {
            return -1;
        }
        Object[] s = slots;
        int end = 2 * size;
        for (int i = 0; i < end; i += 2) {
            if (s[i] == name) {
                return i / 2;
            }
        }
        for (int i = 0; i < end; i += 2) {
            if (name.equals(s[i])) {
                return i / 2;
            }
        }
        return -1;
    }

    private void removeAt(int index) {
        System.arraycopy(slots, 2 * index + 2, slots, 2 * index, 2 * (size - index - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
    }
}
