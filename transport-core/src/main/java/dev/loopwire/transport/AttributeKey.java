package dev.loopwire.transport;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The name and type of a per-connection attribute (session state), for typed access through
 * {@link Connection#attr}, {@link Connection#setAttr} and friends instead of casts from the string map.
 *
 * <p>Keys are interned by name: {@link #of} returns the same instance for the same name, so keys compare
 * by identity, and asking for a name with another type fails at once instead of at the first read. A typed
 * attribute lives in {@link Connection#attributes()} under its name, so code that still uses the string map
 * sees the same value. Safe from any thread.
 *
 * @param <T> the value's type
 */
public final class AttributeKey<T> {

    private static final ConcurrentMap<String, AttributeKey<?>> KEYS = new ConcurrentHashMap<>();

    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    /**
     * The key for {@code name} holding values of {@code type}: a new one on first use, the same instance
     * afterwards.
     *
     * @throws IllegalArgumentException if {@code name} is already a key of another type (choose another
     *         name, e.g. prefix it with your module's name)
     */
    @SuppressWarnings("unchecked")
    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        AttributeKey<?> key = KEYS.computeIfAbsent(name, n -> new AttributeKey<>(n, type));
        if (key.type != type) {
            throw new IllegalArgumentException("attribute key '" + name + "' already exists with type "
                    + key.type.getName() + ", not " + type.getName() + "; use another name");
        }
        return (AttributeKey<T>) key;
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    /** {@code value} as this key's type; null stays null. */
    T cast(Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new ClassCastException("attribute '" + name + "' holds a " + value.getClass().getName()
                    + ", not a " + type.getName() + "; something wrote it through the string map");
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "AttributeKey[" + name + ": " + type.getSimpleName() + "]";
    }
}
