package dev.loopwire.spring.connection;

import dev.loopwire.transport.AttributeKey;
import dev.loopwire.transport.Connection;

/**
 * Reads connection attributes for argument resolution: by {@link AttributeKey} or by name and type, with
 * a message that says what to fix when the stored value has another type. Safe from any thread.
 */
public final class ConnectionAttributes {

    private ConnectionAttributes() {
    }

    /** The attribute under {@code key}, or null. */
    public static <T> T get(Connection connection, AttributeKey<T> key) {
        return connection.attr(key);
    }

    /**
     * The attribute called {@code name} as a {@code type}, or null when absent.
     *
     * @throws IllegalStateException when it holds a value of another type
     */
    public static <T> T get(Connection connection, String name, Class<T> type) {
        Object value = connection.attributes().get(name);
        if (value == null) {
            return null;
        }
        Class<?> boxed = box(type);
        if (!boxed.isInstance(value)) {
            throw new IllegalStateException("connection attribute '" + name + "' holds a " + value.getClass().getName()
                    + ", but the parameter wants a " + type.getName() + "; change the parameter's type or what is stored");
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    /**
     * The attribute called {@code name}, required.
     *
     * @throws IllegalStateException when it is missing or holds another type
     */
    public static <T> T require(Connection connection, String name, Class<T> type) {
        T value = get(connection, name, type);
        if (value == null) {
            throw new IllegalStateException("connection " + connection.id() + " has no attribute '" + name
                    + "'; set it first (e.g. in an @OnConnect method) or make the parameter optional");
        }
        return value;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Character.class;
        };
    }
}
