package dev.loopwire.spring.handler;

/**
 * Reads the route key of a frame and cuts the payload the routed handler gets. Stateless and
 * thread-safe; called on the handler's thread for every frame of a server with routes.
 */
public interface RouteExtractor {

    /** Routes lines by their first word, case-insensitively (see {@code LineRouteExtractor}). */
    static RouteExtractor firstWord() {
        return new LineRouteExtractor();
    }

    /** Routes binary frames by an unsigned 1, 2 or 4-byte type field at {@code offset}. */
    static RouteExtractor typeField(int offset, int length, java.nio.ByteOrder order) {
        return new TypeFieldRouteExtractor(offset, length, order);
    }

    /** The route key and payload of {@code frame}; the key is null when the frame has none. */
    Routed extract(byte[] frame);

    /** Normalizes a route as written in {@code @MessageHandler(route = ...)} to the form {@link #extract} yields. */
    String normalize(String route);

    /** The message for a frame whose key matched no handler, e.g. {@code unknown command 'FOO'}. */
    String unknownRouteMessage(String route);

    /**
     * A frame's route key and the payload for its handler.
     *
     * @param route   the key, normalized; null when the frame carries none
     * @param payload the frame without the key
     */
    record Routed(String route, byte[] payload) {
    }
}
