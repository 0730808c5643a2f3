package dev.loopwire.spring.handler;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Routes of a line server by the first word, matched case-insensitively against the upper-case ASCII keys
 * in an open-addressing table, without making a {@code String}. A word with a byte above 0x7F goes the
 * {@link LineRouteExtractor} way ({@code toUpperCase} of its ISO-8859-1 text), so non-ASCII routes match
 * exactly as before. Immutable and thread-safe.
 *
 * @param <T> what a route leads to
 */
final class FirstWordRouteTable<T> implements RouteTable<T> {

    private final LineRouteExtractor extractor;
    /** every route, for words that are not pure ASCII */
    private final Map<String, T> routes;
    /** upper-case ASCII keys by slot; null slots are empty */
    private final byte[][] keys;
    private final Object[] values;
    private final int mask;

    FirstWordRouteTable(LineRouteExtractor extractor, Map<String, T> routes) {
        this.extractor = extractor;
        this.routes = new HashMap<>(routes);
        int slots = Integer.highestOneBit(Math.max(4, routes.size() * 4) - 1) << 1;
        this.keys = new byte[slots][];
        this.values = new Object[slots];
        this.mask = slots - 1;
        routes.forEach((route, value) -> {
            byte[] key = route.getBytes(StandardCharsets.ISO_8859_1);
            if (!ascii(route)) {
                return; // only a word with non-ASCII bytes can match it: found through the map
            }
            int slot = hash(key, 0, key.length) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public T find(byte[] frame) {
        int start = LineRouteExtractor.skipBlanks(frame, 0);
        int end = start;
        boolean ascii = true;
        while (end < frame.length && !LineRouteExtractor.isBlank(frame[end])) {
            ascii &= frame[end] >= 0;
            end++;
        }
        if (!ascii) {
            return routes.get(extractor.extract(frame).route());
        }
        int slot = hash(frame, start, end) & mask;
        byte[] key;
        while ((key = keys[slot]) != null) {
            if (matches(key, frame, start, end)) {
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

    private static boolean matches(byte[] key, byte[] frame, int start, int end) {
        if (key.length != end - start) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != upper(frame[start + i])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] bytes, int start, int end) {
        int hash = 1;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + upper(bytes[i]);
        }
        return hash ^ (hash >>> 16);
    }

    private static byte upper(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
    }

    private static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
