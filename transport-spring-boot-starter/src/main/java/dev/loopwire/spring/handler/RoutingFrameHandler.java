package dev.loopwire.spring.handler;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core {@link FrameHandler} of a server built from {@code @MessageHandler} methods: reads each frame's
 * route key, invokes the matching method with the rest of the frame (the fallback gets whole frames no
 * route matched), and answers unknown routes with the server's error reply. Immutable and thread-safe;
 * called on the server's handler thread.
 */
public final class RoutingFrameHandler implements FrameHandler {

    private static final Logger log = LoggerFactory.getLogger(RoutingFrameHandler.class);

    private final String server;
    private final RouteExtractor extractor;
    private final Map<String, HandlerInvoker> routes;
    /** the routes by frame bytes; null for a custom extractor (then asked per frame) */
    private final RouteTable<HandlerInvoker> table;
    private final HandlerInvoker fallback;
    private final ErrorReplies errors;
    /** counts frames that matched no route */
    private final HandlerObservation.Recorder unrouted;

    RoutingFrameHandler(String server, RouteExtractor extractor, Map<String, HandlerInvoker> routes,
            HandlerInvoker fallback, ErrorReplies errors, HandlerObservation.Recorder unrouted) {
        this.server = server;
        this.extractor = routes.isEmpty() ? null : extractor;
        this.routes = Map.copyOf(routes);
        this.table = this.extractor == null ? null : RouteTable.of(extractor, this.routes);
        this.fallback = fallback;
        this.errors = errors;
        this.unrouted = unrouted;
    }

    @Override
    public Reply handle(Connection connection, byte[] frame) {
        if (extractor == null) {
            return fallback.invoke(connection, frame);
        }
        if (table != null) {
            HandlerInvoker invoker = table.find(frame);
            if (invoker != null) {
                return invoker.invoke(connection, table.payload(frame));
            }
        } else {
            RouteExtractor.Routed routed = extractor.extract(frame);
            HandlerInvoker invoker = routed.route() == null ? null : routes.get(routed.route());
            if (invoker != null) {
                return invoker.invoke(connection, routed.payload());
            }
        }
        if (fallback != null) {
            return fallback.invoke(connection, frame);
        }
        return unknownRoute(connection, frame);
    }

    /** The error reply to a frame no route matched (off the fast path: the key is made a String here). */
    private Reply unknownRoute(Connection connection, byte[] frame) {
        String message = extractor.unknownRouteMessage(extractor.extract(frame).route());
        log.debug("Server {}: {} on connection {}", server, message, connection.id());
        unrouted.record(0, null);
        return errors.reply(message);
    }

    /** The invoker of a normalized route, or of the fallback for {@code null} (for tests and diagnostics). */
    HandlerInvoker invoker(String route) {
        return route == null ? fallback : routes.get(route);
    }

    /** The route keys this handler knows, normalized (for diagnostics). */
    public java.util.Set<String> routes() {
        return routes.keySet();
    }

    @Override
    public String toString() {
        return "RoutingFrameHandler[server=" + server + ", routes=" + routes.keySet()
                + (fallback != null ? ", with fallback" : "") + "]";
    }
}
