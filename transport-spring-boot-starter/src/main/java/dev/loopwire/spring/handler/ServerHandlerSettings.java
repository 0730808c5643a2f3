package dev.loopwire.spring.handler;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * What {@link RoutingFrameHandlerFactory} needs to know about a server. Immutable.
 *
 * @param server       the server's name
 * @param payload      how payloads convert
 * @param charset      charset of text payloads and replies
 * @param routeKeys    how frames carry a route key, or null when the framing has none
 * @param noRouteHint  what to tell the user when routed handlers meet a server without route keys
 * @param errors       the server's error replies
 */
public record ServerHandlerSettings(String server, PayloadFormat payload, Charset charset, RouteExtractor routeKeys,
        String noRouteHint, ErrorReplies errors) {

    public ServerHandlerSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(errors, "errors");
    }
}
