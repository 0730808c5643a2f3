package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.handler.RouteExtractor;
import dev.loopwire.transport.codec.Framing;

/** Turns a server's framing properties into the core {@link Framing} and its route keys. Stateless. */
final class ServerFramings {

    private ServerFramings() {
    }

    /**
     * The server's framing. Its properties have passed {@link LoopwirePropertiesValidator}, which reports
     * everything the core would refuse, so the core's exceptions are not wrapped again here.
     */
    static Framing framing(LoopwireServerProperties server) {
        return Framings.build(server.getFraming(), server.getLine(), server.getLengthField(), server.getOnTooLong());
    }

    /** The route keys of the server's frames, or null when its framing carries none. */
    static RouteExtractor routeKeys(LoopwireServerProperties server) {
        if (server.getFraming() == FramingType.LINE) {
            return RouteExtractor.firstWord();
        }
        LoopwireServerProperties.TypeField type = server.getLengthField().getTypeField();
        return type.getLength() == 0 ? null : RouteExtractor.typeField(type.getOffset(), type.getLength(),
                server.getLengthField().getByteOrder().toByteOrder());
    }

    /** What to set when routed handlers meet a server without route keys. */
    static String noRouteHint(String name) {
        return "set loopwire.servers." + name + ".length-field.type-field.length to 1, 2 or 4 to route by a "
                + "type field, or remove the route to make the method the server's fallback";
    }
}
