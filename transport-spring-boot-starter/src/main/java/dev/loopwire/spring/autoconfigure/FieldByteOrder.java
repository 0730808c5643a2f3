package dev.loopwire.spring.autoconfigure;

import java.nio.ByteOrder;

/** Byte order of a binary length or type field, as a bindable enum ({@code big-endian}, {@code little-endian}). */
public enum FieldByteOrder {

    /** Most significant byte first (network order). */
    BIG_ENDIAN(ByteOrder.BIG_ENDIAN),

    /** Least significant byte first. */
    LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN);

    private final ByteOrder order;

    FieldByteOrder(ByteOrder order) {
        this.order = order;
    }

    /** The NIO byte order. */
    public ByteOrder toByteOrder() {
        return order;
    }
}
