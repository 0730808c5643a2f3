package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.handler.RouteExtractor;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;

/** Turns a server's framing properties into the core {@link Framing} and its route keys. Stateless. */
final class ServerFramings {

    private ServerFramings() {
    }

    static Framing framing(String name, LoopwireServerProperties server) {
        try {
            if (server.getFraming() == FramingType.LINE) {
                LoopwireServerProperties.Line line = server.getLine();
                return LineFraming.defaults().delimiter(line.getDelimiter())
                        .maxLineLength((int) line.getMaxLength().toBytes()).onTooLong(server.getOnTooLong());
            }
            LoopwireServerProperties.LengthField field = server.getLengthField();
            return LengthFieldFraming.defaults()
                    .lengthFieldLength(field.getLength())
                    .lengthFieldOffset(field.getOffset())
                    .lengthAdjustment(field.getAdjustment())
                    .initialBytesToStrip(field.isStrip() ? field.getOffset() + field.getLength() : 0)
                    .byteOrder(field.getByteOrder().toByteOrder())
                    .maxFrameLength((int) field.getMaxFrameLength().toBytes())
                    .onTooLong(server.getOnTooLong());
        } catch (IllegalArgumentException e) {
            String property = "loopwire.servers." + name + "."
                    + (server.getFraming() == FramingType.LINE ? "line" : "length-field");
            throw new LoopwireConfigurationException("Invalid " + property + ": " + e.getMessage(),
                    "fix " + property + ".*");
        }
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
