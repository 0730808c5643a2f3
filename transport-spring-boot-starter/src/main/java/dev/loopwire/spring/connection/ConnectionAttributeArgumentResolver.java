package dev.loopwire.spring.connection;

import dev.loopwire.spring.handler.LoopwireHeaders;
import dev.loopwire.spring.handler.MessageHandlerArgumentResolver;
import dev.loopwire.transport.Connection;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;

/**
 * Resolves {@link ConnectionAttribute} parameters of {@code @MessageHandler} methods: finds the frame's
 * connection from the message's server and connection-id headers, then reads the attribute. As a
 * {@link MessageHandlerArgumentResolver} bean it is added to every server's handler method factory.
 * Stateless; safe from any thread.
 */
public class ConnectionAttributeArgumentResolver implements MessageHandlerArgumentResolver {

    private final LoopwireConnections connections;

    public ConnectionAttributeArgumentResolver(LoopwireConnections connections) {
        this.connections = connections;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(ConnectionAttribute.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        ConnectionAttribute attribute = parameter.getParameterAnnotation(ConnectionAttribute.class);
        String server = message.getHeaders().get(LoopwireHeaders.SERVER, String.class);
        Long id = message.getHeaders().get(LoopwireHeaders.CONNECTION_ID, Long.class);
        Connection connection = server == null || id == null ? null : connections.find(server, id).orElse(null);
        if (connection == null) {
            if (attribute.required()) {
                throw new MessageHandlingException(message, "the frame's connection is closed or unknown; "
                        + "attribute '" + attribute.value() + "' cannot be read");
            }
            return null;
        }
        Class<?> type = parameter.getParameterType();
        return attribute.required()
                ? ConnectionAttributes.require(connection, attribute.value(), type)
                : ConnectionAttributes.get(connection, attribute.value(), type);
    }
}
