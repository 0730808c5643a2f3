package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * Decides, once at startup, the {@link ArgumentSource} of one {@code @MessageHandler} parameter from its
 * type and annotations, the way spring-messaging's resolvers would decide it: the {@link Connection}; an
 * unannotated or plain {@code @Payload} parameter of type {@code byte[]}, {@code String} or a concrete class
 * (converted by the server's {@code MessageConverter}); {@code @Header} of one of the {@link LoopwireHeaders}
 * with its natural type; {@code Message<byte[]>}/{@code Message<?>}. Any other parameter gets no source
 * (null), which leaves its method to spring-messaging.
 *
 * <p>Main thread, at startup; the sources made are immutable and run on handler threads.
 */
final class ArgumentSources {

    private ArgumentSources() {
    }

    /**
     * The source of {@code parameter}'s value, or null when spring-messaging must resolve it on every frame.
     *
     * @param server     the server, for the {@link LoopwireHeaders#SERVER} header
     * @param route      the route, for the {@link LoopwireHeaders#ROUTE} header
     * @param converter  the server's payload converter
     * @param charset    the charset {@link StrictStringMessageConverter} decodes {@code String} payloads in
     * @param validating whether the server has a validator (then {@code @Valid}/{@code @Validated} count as
     *                   annotations this fast path does not handle; without one they are ignored)
     */
    static ArgumentSource sourceFor(MethodParameter parameter, String server, String route,
            SmartMessageConverter converter, Charset charset, boolean validating) {
        Class<?> type = parameter.getParameterType();
        if (type == Connection.class) {
            // a provided argument: spring-messaging gives it before asking any resolver
            return (connection, payload, message) -> connection;
        }
        Annotation[] annotations = parameter.getParameterAnnotations();
        if (!validating) {
            annotations = Arrays.stream(annotations)
                    .filter(annotation -> ValidationAnnotationUtils.determineValidationHints(annotation) == null)
                    .toArray(Annotation[]::new);
        }
        if (annotations.length > 1) {
            return null;
        }
        Annotation annotation = annotations.length == 0 ? null : annotations[0];
        if (annotation instanceof Header header) {
            return headerSource(header, type, server, route);
        }
        if (annotation != null && !(annotation instanceof Payload payload && plain(payload))) {
            return null;
        }
        if (annotation == null && (type == Message.class)) {
            return acceptsBytes(parameter) ? (connection, payload, message) -> message : null;
        }
        return payloadSource(parameter, type, converter, charset);
    }

    /** Whether {@code source} gives the payload decoded as text (a {@code String} payload parameter). */
    static boolean isText(ArgumentSource source) {
        return source instanceof TextPayload;
    }

    private static boolean plain(Payload payload) {
        return payload.value().isEmpty() && payload.expression().isEmpty() && payload.required();
    }

    private static boolean acceptsBytes(MethodParameter parameter) {
        Class<?> payloadType = ResolvableType.forMethodParameter(parameter).as(Message.class).getGeneric().toClass();
        return payloadType.isAssignableFrom(byte[].class);
    }

    private static ArgumentSource payloadSource(MethodParameter parameter, Class<?> type,
            SmartMessageConverter converter, Charset charset) {
        if (type == byte[].class) {
            // spring-messaging refuses an empty payload for a required parameter: let it say so
            return (connection, payload, message) -> payload.length == 0 ? ArgumentSource.UNRESOLVED : payload;
        }
        if (type == String.class) {
            return new TextPayload(charset);
        }
        if (!convertible(type)) {
            return null;
        }
        return (connection, payload, message) -> {
            if (payload.length == 0) {
                return ArgumentSource.UNRESOLVED;
            }
            Object value = converter.fromMessage(FrameMessages.bare(payload), type, parameter);
            return value == null ? ArgumentSource.UNRESOLVED : value;
        };
    }

    /** A concrete class no other resolver (nor the provided connection) claims: the converter's business. */
    private static boolean convertible(Class<?> type) {
        return !type.isPrimitive() && !type.isArray() && !type.isInterface()
                && !Modifier.isAbstract(type.getModifiers()) && type != Object.class && type != Optional.class
                && !Message.class.isAssignableFrom(type) && !MessageHeaders.class.isAssignableFrom(type)
                && !MessageHeaderAccessor.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type)
                && !Connection.class.isAssignableFrom(type);
    }

    private static ArgumentSource headerSource(Header header, Class<?> type, String server, String route) {
        String name = !header.name().isEmpty() ? header.name() : header.value();
        switch (name) {
            case LoopwireHeaders.SERVER:
                return type == String.class ? (connection, payload, message) -> server : null;
            case LoopwireHeaders.ROUTE:
                return type == String.class ? (connection, payload, message) -> route : null;
            case LoopwireHeaders.CONNECTION_ID:
                return type == Long.class || type == long.class
                        ? (connection, payload, message) -> connection.id() : null;
            case LoopwireHeaders.REMOTE_ADDRESS:
                if (type != InetSocketAddress.class && type != SocketAddress.class) {
                    return null;
                }
                return (connection, payload, message) -> {
                    InetSocketAddress address = connection.remoteAddress();
                    return address == null ? ArgumentSource.UNRESOLVED : address;
                };
            default:
                return null;
        }
    }

    /** The payload decoded strictly as text in the server's charset. Immutable; handler threads. */
    private static final class TextPayload implements ArgumentSource {

        private final Charset charset;

        TextPayload(Charset charset) {
            this.charset = charset;
        }

        @Override
        public Object produce(Connection connection, byte[] payload, Message<byte[]> message) {
            if (payload.length == 0) {
                return ArgumentSource.UNRESOLVED;
            }
            String text = StrictStringMessageConverter.decode(payload, charset);
            return text == null ? ArgumentSource.UNRESOLVED : text;
        }
    }
}
