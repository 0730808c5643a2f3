package dev.loopwire.spring.handler;

import java.nio.ByteOrder;

/**
 * Routes binary frames by an unsigned type field of 1, 2 or 4 bytes at a fixed offset of the decoded
 * frame; the route key is its decimal value and the payload is the frame without the field.
 *
 * <pre>
 * offset 0, length 1:   | 0x07 | "HELLO" |   ->   route "7", payload "HELLO"
 * </pre>
 */
final class TypeFieldRouteExtractor implements RouteExtractor {

    private final int offset;
    private final int length;
    private final ByteOrder order;

    TypeFieldRouteExtractor(int offset, int length, ByteOrder order) {
        if (length != 1 && length != 2 && length != 4) {
            throw new IllegalArgumentException("type field length must be 1, 2 or 4 bytes, was " + length);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("type field offset must be 0 or more, was " + offset);
        }
        this.offset = offset;
        this.length = length;
        this.order = order;
    }

    @Override
    public Routed extract(byte[] frame) {
        long value = value(frame);
        return value < 0 ? new Routed(null, frame) : new Routed(Long.toString(value), payload(frame));
    }

    /** The type field's unsigned value, or -1 when the frame is too short to hold it. */
    long value(byte[] frame) {
        if (frame.length < offset + length) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int index = order == ByteOrder.BIG_ENDIAN ? offset + i : offset + length - 1 - i;
            value = (value << 8) | (frame[index] & 0xFF);
        }
        return value;
    }

    /** The frame without its type field; only for frames long enough to hold it. */
    byte[] payload(byte[] frame) {
        byte[] payload = new byte[frame.length - length];
        System.arraycopy(frame, 0, payload, 0, offset);
        System.arraycopy(frame, offset + length, payload, offset, frame.length - offset - length);
        return payload;
    }

    @Override
    public String normalize(String route) {
        long value;
        try {
            value = Long.decode(route);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a type-field route is a number (decimal or 0x hex)");
        }
        long max = (1L << (8 * length)) - 1;
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("a " + length + "-byte type field holds 0 to " + max);
        }
        return Long.toString(value);
    }

    @Override
    public String unknownRouteMessage(String route) {
        return route == null ? "frame too short for its type field" : "unknown type " + route;
    }
}
