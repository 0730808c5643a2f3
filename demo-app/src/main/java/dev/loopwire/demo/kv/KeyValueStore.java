package dev.loopwire.demo.kv;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/** The demo's in-memory store: string keys and values, thread-safe (handlers run on the business pool, GET and DEL on the I/O loops). */
@Component
public class KeyValueStore {

    private final ConcurrentMap<String, String> entries = new ConcurrentHashMap<>();

    public void set(String key, String value) {
        entries.put(key, value);
    }

    public String get(String key) {
        return entries.get(key);
    }

    /** Removes the key; true if it was there. */
    public boolean delete(String key) {
        return entries.remove(key) != null;
    }

    /**
     * Adds one to the integer stored at {@code key} (0 when absent) and returns the new value.
     *
     * @throws NumberFormatException if the stored value is not an integer
     */
    public long increment(String key) {
        String updated = entries.merge(key, "1", (old, one) -> Long.toString(Math.addExact(Long.parseLong(old), 1)));
        return Long.parseLong(updated);
    }

    /** Every key, sorted. */
    public List<String> keys() {
        return entries.keySet().stream().sorted().toList();
    }
}
