package dev.loopwire.spring.handler;

import java.util.Map;

/**
 * The routes of a server, looked up straight from a frame's bytes: built once at startup from the
 * normalized route keys, so finding a frame's handler allocates nothing. Gives exactly the handler that
 * {@code routes.get(extractor.extract(frame).route())} would. Immutable and thread-safe; called on the
 * server's handler thread.
 *
 * @param <T> what a route leads to
 */
interface RouteTable<T> {

    /**
     * A table for {@code extractor}'s frames, or null when the extractor is not one of the starter's own
     * (a custom {@link RouteExtractor} is then asked per frame).
     *
     * @param routes values by normalized route key
     */
    static <T> RouteTable<T> of(RouteExtractor extractor, Map<String, T> routes) {
        if (extractor instanceof LineRouteExtractor line) {
            return new FirstWordRouteTable<>(line, routes);
        }
        if (extractor instanceof TypeFieldRouteExtractor typeField) {
            return new TypeFieldRouteTable<>(typeField, routes);
        }
        return null;
    }

    /** The value of {@code frame}'s route, or null when it has none or an unknown one. */
    T find(byte[] frame);

    /** The payload a routed handler gets: {@code frame} without its route key, as the extractor cuts it. */
    byte[] payload(byte[] frame);
}
