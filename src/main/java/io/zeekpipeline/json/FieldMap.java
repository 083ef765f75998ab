package io.zeekpipeline.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small map of named fields in insertion order, kept in arrays: an event's normalized and enriched
 * layers hold 5-20 fields, for which a linked hash map's entry objects and table were most of the
 * garbage of those steps. Lookups scan the names (comparing cached hash codes first) unless a
 * 64-bit filter of the hash codes put shows the name was never put; {@link #name(int)}
 * and {@link #value(int)} read fields by position without an iterator. Null names are not allowed.
 * Not thread-safe.
 */
public final class FieldMap<V> extends AbstractMap<String, V> {

    private String[] names;
    private int[] hashes;
    private Object[] values;
    private int size;
    /** Bit {@link #bit(int)} of every name put since the last clear: a clear bit means the name is absent. */
    private long filter;

    public FieldMap(int capacity) {
        names = new String[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
    }

    @Override
    public int size() {
        return size;
    }

    /** The name of the field at {@code index} (0 to size - 1), in insertion order. */
    public String name(int index) {
        return names[index];
    }

    /** The value of the field at {@code index}. */
    @SuppressWarnings("unchecked")
    public V value(int index) {
        return (V) values[index];
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
        int hash = name.hashCode();
        long bit = bit(hash);
        int index = (filter & bit) == 0 ? -1 : indexOf(name, hash);
        if (index >= 0) {
            V old = value(index);
            values[index] = value;
            return old;
        }
        if (size == names.length) {
            int grown = Math.max(4, size * 2);
            names = Arrays.copyOf(names, grown);
            hashes = Arrays.copyOf(hashes, grown);
            values = Arrays.copyOf(values, grown);
        }
        filter |= bit;
        names[size] = name;
        hashes[size] = hash;
        values[size] = value;
        size++;
        return null;
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
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
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
                        return new SimpleImmutableEntry<>(names[index], value(index));
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

    private int indexOf(Object name) {
        if (name == null) {
            return -1;
        }
        int hash = name.hashCode();
        return (filter & bit(hash)) == 0 ? -1 : indexOf(name, hash);
    }

    private int indexOf(Object name, int hash) {
        for (int i = 0; i < size; i++) {
            String candidate = names[i];
            if (candidate == name || (hashes[i] == hash && candidate.equals(name))) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int index) {
        int after = size - index - 1;
        System.arraycopy(names, index + 1, names, index, after);
        System.arraycopy(hashes, index + 1, hashes, index, after);
        System.arraycopy(values, index + 1, values, index, after);
        size--;
        names[size] = null;
        values[size] = null;
    }
}
