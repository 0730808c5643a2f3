package dev.loopwire.spring.client;

import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * Puts a request's route into its frame, the way servers read it back: on a line, the route word and a
 * space before the arguments; in a length-field frame, the type field at its offset. Immutable and
 * thread-safe.
 *
 * <pre>
 * line:                 route "GET", payload "k1"        ->  "GET k1"
 * type field at 0, 1 B: route "7",   payload {"a":1}     ->  | 0x07 | {"a":1} |
 * </pre>
 */
abstract class RouteWriter {

    /** Adds {@code route} to {@code payload}; an empty route leaves it as it is. */
    final byte[] write(String route, byte[] payload) {
        return route == null || route.isEmpty() ? payload : withRoute(route, payload);
    }

    /** Whether this framing can carry a route at all. */
    abstract boolean carriesRoutes();

    abstract byte[] withRoute(String route, byte[] payload);

    /** Lines: {@code route + ' ' + payload}, or the route alone for an empty payload. */
    static RouteWriter firstWord(Charset charset) {
        return new RouteWriter() {
            @Override
            boolean carriesRoutes() {
                return true;
            }

            @Override
            byte[] withRoute(String route, byte[] payload) {
                byte[] word = route.getBytes(charset);
                if (payload.length == 0) {
                    return word;
                }
                byte[] frame = new byte[word.length + 1 + payload.length];
                System.arraycopy(word, 0, frame, 0, word.length);
                frame[word.length] = ' ';
                System.arraycopy(payload, 0, frame, word.length + 1, payload.length);
                return frame;
            }
        };
    }

    /** Length-field frames with a type field of {@code length} bytes at {@code offset}; routes are numbers. */
    static RouteWriter typeField(int offset, int length, ByteOrder order) {
        if (length != 1 && length != 2 && length != 4) {
            throw new IllegalArgumentException("type field length must be 1, 2 or 4 bytes, was " + length);
        }
        long max = (1L << (8 * length)) - 1;
        return new RouteWriter() {
            @Override
            boolean carriesRoutes() {
                return true;
            }

            @Override
            byte[] withRoute(String route, byte[] payload) {
                long value;
                try {
                    value = Long.decode(route);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("route '" + route + "' is not a number for the type field");
                }
                if (value < 0 || value > max) {
                    throw new IllegalArgumentException("route " + route + " does not fit a " + length
                            + "-byte type field (0 to " + max + ")");
                }
                if (payload.length < offset) {
                    throw new IllegalArgumentException("payload of " + payload.length
                            + " bytes is shorter than the type field offset " + offset);
                }
                byte[] frame = new byte[payload.length + length];
                System.arraycopy(payload, 0, frame, 0, offset);
                for (int i = 0; i < length; i++) {
                    int shift = order == ByteOrder.BIG_ENDIAN ? 8 * (length - 1 - i) : 8 * i;
                    frame[offset + i] = (byte) (value >>> shift);
                }
                System.arraycopy(payload, offset, frame, offset + length, payload.length - offset);
                return frame;
            }
        };
    }

    /** Length-field frames without a type field: no route can be sent. */
    static RouteWriter none(String hint) {
        return new RouteWriter() {
            @Override
            boolean carriesRoutes() {
                return false;
            }

            @Override
            byte[] withRoute(String route, byte[] payload) {
                throw new IllegalArgumentException("route '" + route + "' cannot be sent: " + hint);
            }
        };
    }
}
