package dev.loopwire.spring.handler;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.RouteDispatch;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core {@link FrameHandler} of a server built from {@code @MessageHandler} methods: reads each frame's
 * route key, invokes the matching method with the rest of the frame (the fallback gets whole frames no
 * route matched), and answers unknown routes with the server's error reply. Immutable and thread-safe;
 * called on the server's handler thread.
 *
 * <p>As a {@link RouteDispatch}, it names the dispatch of routes that override the server's (from
 * {@code @MessageHandler(dispatch = ...)} or {@code loopwire.servers.<name>.routes.<route>.dispatch}),
 * looked up in the frame's bytes on the loop without allocating (a custom {@link RouteExtractor} is asked
 * per frame instead). Without overrides it names none, and the server dispatches as it always has.
 */
public final class RoutingFrameHandler implements FrameHandler, RouteDispatch {

    /** a route's entry in {@link #dispatches} when it runs where the server's dispatch says */
    private static final Object INHERIT = new Object();

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
    /** the dispatch modes routes override the server's with; empty when none does */
    private final Set<Dispatch> routeDispatches;
    /** each route's {@link Dispatch}, or {@link #INHERIT}; null when no route overrides its dispatch */
    private final Map<String, Object> dispatchByRoute;
    /** {@link #dispatchByRoute} by frame bytes; null without overrides or for a custom extractor */
    private final RouteTable<Object> dispatches;
    /** the dispatch of frames no route matches (the fallback's override), or null for the server's */
    private final Dispatch unroutedDispatch;

    RoutingFrameHandler(String server, RouteExtractor extractor, Map<String, HandlerInvoker> routes,
            HandlerInvoker fallback, ErrorReplies errors, HandlerObservation.Recorder unrouted) {
        this(server, extractor, routes, fallback, errors, unrouted, Map.of(), null);
    }

    /**
     * @param routeDispatch    the dispatch of each route that overrides the server's, by normalized key
     * @param fallbackDispatch the fallback's override, or null
     */
    RoutingFrameHandler(String server, RouteExtractor extractor, Map<String, HandlerInvoker> routes,
            HandlerInvoker fallback, ErrorReplies errors, HandlerObservation.Recorder unrouted,
            Map<String, Dispatch> routeDispatch, Dispatch fallbackDispatch) {
        this.server = server;
        this.extractor = routes.isEmpty() ? null : extractor;
        this.routes = Map.copyOf(routes);
        this.table = this.extractor == null ? null : RouteTable.of(extractor, this.routes);
        this.fallback = fallback;
        this.errors = errors;
        this.unrouted = unrouted;
        EnumSet<Dispatch> modes = EnumSet.noneOf(Dispatch.class);
        modes.addAll(routeDispatch.values());
        if (fallbackDispatch != null) {
            modes.add(fallbackDispatch);
        }
        this.routeDispatches = Collections.unmodifiableSet(modes);
        this.unroutedDispatch = fallbackDispatch;
        if (modes.isEmpty() || this.extractor == null) {
            this.dispatchByRoute = null;
            this.dispatches = null;
        } else {
            Map<String, Object> byRoute = new HashMap<>();
            this.routes.keySet().forEach(route -> {
                Dispatch dispatch = routeDispatch.get(route);
                byRoute.put(route, dispatch == null ? INHERIT : dispatch);
            });
            this.dispatchByRoute = Map.copyOf(byRoute);
            this.dispatches = RouteTable.of(this.extractor, this.dispatchByRoute);
        }
    }

    @Override
    public Set<Dispatch> routeDispatches() {
        return routeDispatches;
    }

    /** Loop thread: the route's override, the fallback's for an unmatched frame, or null for the server's. */
    @Override
    public Dispatch dispatchFor(byte[] frame) {
        if (dispatchByRoute == null) {
            return unroutedDispatch;
        }
        Object dispatch;
        if (dispatches != null) {
            dispatch = dispatches.find(frame);
        } else {
            String route = extractor.extract(frame).route(); // a custom extractor: it allocates
            dispatch = route == null ? null : dispatchByRoute.get(route);
        }
        if (dispatch == null) {
            return unroutedDispatch;
        }
        return dispatch == INHERIT ? null : (Dispatch) dispatch;
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
    public Set<String> routes() {
        return routes.keySet();
    }

    @Override
    public String toString() {
        return "RoutingFrameHandler[server=" + server + ", routes=" + routes.keySet()
                + (routeDispatches.isEmpty() ? "" : ", route dispatch overrides " + routeDispatches)
                + (fallback != null ? ", with fallback" : "") + "]";
    }
}
