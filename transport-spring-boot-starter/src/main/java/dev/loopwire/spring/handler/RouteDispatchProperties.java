package dev.loopwire.spring.handler;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.transport.Dispatch;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code loopwire.servers.<name>.routes.<route>.dispatch} over the routes' annotated dispatch: the
 * property wins. Every property must name a route the server has, in any form its
 * {@link RouteExtractor} accepts ({@code get} for {@code GET}, {@code 0x07} for {@code 7}). Stateless; main
 * thread, while the servers are built.
 */
final class RouteDispatchProperties {

    private RouteDispatchProperties() {
    }

    /**
     * @param properties the server's route properties, by route as written; null values are ignored
     * @param known      the server's routes, normalized
     * @param dispatches each route's dispatch override, by normalized route; updated in place
     * @throws LoopwireConfigurationException naming the server, the route and the routes it has
     */
    static void apply(ServerHandlerSettings settings, Map<String, Dispatch> properties, Set<String> known,
            Map<String, Dispatch> dispatches) {
        properties.forEach((written, dispatch) -> {
            String property = "loopwire.servers." + settings.server() + ".routes." + written + ".dispatch";
            String route = normalize(settings, written, property, known);
            if (!known.contains(route)) {
                throw unknown(settings, property, written, known);
            }
            if (dispatch != null) {
                RoutingFrameHandlerFactory.checkVirtual(dispatch, property + " is 'virtual'");
                dispatches.put(route, dispatch);
            }
        });
    }

    private static String normalize(ServerHandlerSettings settings, String written, String property,
            Set<String> known) {
        if (settings.routeKeys() == null) {
            throw new LoopwireConfigurationException(property + " names route '" + written + "', but frames of server '"
                    + settings.server() + "' carry no route key", "remove " + property + "; "
                    + settings.noRouteHint());
        }
        try {
            return settings.routeKeys().normalize(written);
        } catch (IllegalArgumentException e) {
            throw unknown(settings, property, written, known);
        }
    }

    private static LoopwireConfigurationException unknown(ServerHandlerSettings settings, String property,
            String written, Set<String> known) {
        return new LoopwireConfigurationException(property + " names route '" + written + "', but server '"
                + settings.server() + "' has no such route (its routes: " + known + ")",
                "name one of the server's @MessageHandler routes, or remove the property");
    }
}
