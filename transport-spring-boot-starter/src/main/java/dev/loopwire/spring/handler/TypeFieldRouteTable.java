package dev.loopwire.spring.handler;

import java.util.Map;

/**
 * Routes of a binary server by its type field, looked up by the field's unsigned value in an
 * open-addressing table of {@code long} keys, without making a {@code String}. Immutable and thread-safe.
 *
 * @param <T> what a route leads to
 */
final class TypeFieldRouteTable<T> implements RouteTable<T> {

    private final TypeFieldRouteExtractor extractor;
    private final long[] keys;
    private final boolean[] used;
    private final Object[] values;
    private final int mask;

    TypeFieldRouteTable(TypeFieldRouteExtractor extractor, Map<String, T> routes) {
        this.extractor = extractor;
        int slots = Integer.highestOneBit(Math.max(4, routes.size() * 4) - 1) << 1;
        this.keys = new long[slots];
        this.used = new boolean[slots];
        this.values = new Object[slots];
        this.mask = slots - 1;
        routes.forEach((route, value) -> {
            long key = Long.parseLong(route); // normalized: the decimal value
            int slot = slot(key);
            while (used[slot]) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keys[slot] = key;
            values[slot] = value;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public T find(byte[] frame) {
        long key = extractor.value(frame);
        if (key < 0) {
            return null;
        }
        int slot = slot(key);
        while (used[slot]) {
            if (keys[slot] == key) {
                return (T) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    @Override
    public byte[] payload(byte[] frame) {
        return extractor.payload(frame);
    }

    private int slot(long key) {
        long hash = key * 0x9E3779B97F4A7C15L;
        return (int) (hash ^ (hash >>> 32)) & mask;
    }
}
