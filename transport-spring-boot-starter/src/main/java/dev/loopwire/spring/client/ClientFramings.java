package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.autoconfigure.FramingType;
import dev.loopwire.spring.autoconfigure.Framings;
import dev.loopwire.spring.autoconfigure.LoopwireServerProperties;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.TooLongFrameAction;

/**
 * Turns a client's framing properties into the core {@link Framing} and its {@link RouteWriter}, with the
 * same options as servers. A reply frame that is too long always closes the connection: skipping it would
 * hand the next reply to the wrong request. Stateless.
 */
final class ClientFramings {

    private ClientFramings() {
    }

    static Framing framing(String name, LoopwireClientProperties client) {
        return Framings.framing("loopwire.clients." + name, client.getFraming(), client.getLine(),
                client.getLengthField(), TooLongFrameAction.CLOSE);
    }

    static RouteWriter routes(String name, LoopwireClientProperties client) {
        if (client.getFraming() == FramingType.LINE) {
            return RouteWriter.firstWord(client.getLine().getCharset());
        }
        LoopwireServerProperties.TypeField type = client.getLengthField().getTypeField();
        if (type.getLength() == 0) {
            return RouteWriter.none("loopwire.clients." + name + " has no type field; set loopwire.clients." + name
                    + ".length-field.type-field.length to 1, 2 or 4, or leave the route out");
        }
        try {
            return RouteWriter.typeField(type.getOffset(), type.getLength(),
                    client.getLengthField().getByteOrder().toByteOrder());
        } catch (IllegalArgumentException e) {
            throw new LoopwireConfigurationException("Invalid loopwire.clients." + name
                    + ".length-field.type-field: " + e.getMessage(), "set its length to 1, 2 or 4");
        }
    }
}
