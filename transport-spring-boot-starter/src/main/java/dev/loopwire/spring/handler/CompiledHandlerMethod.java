package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * A {@code @MessageHandler} method prepared once at startup for the per-frame fast path: one
 * {@link ArgumentSource} per parameter, decided from the parameter's type and annotations the way
 * spring-messaging's resolvers would decide it, and a {@link MethodHandle} bound to the bean instead of
 * reflection. A {@code Message} is built only for methods that take one.
 *
 * <p>Only the shapes whose outcome is certain are compiled: the {@link Connection}; an unannotated or plain
 * {@code @Payload} parameter of type {@code byte[]}, {@code String} or a concrete class (converted by the
 * server's {@code MessageConverter}, the same one spring-messaging uses); {@code @Header} of one of the
 * {@link LoopwireHeaders} with its natural type; {@code Message<byte[]>}/{@code Message<?>}. Any other
 * parameter ({@code @Valid} payloads when the server has a validator, {@code @Headers}, SpEL, optional payloads, ...) leaves the method to
 * spring-messaging: {@link #compile} returns null. Per frame, a source may still answer
 * {@link ArgumentSource#UNRESOLVED} (empty payload, malformed text, a failed conversion); the invoker then
 * resolves the arguments through spring-messaging, which yields the same value or throws the same
 * exception as it always did.
 *
 * <p>Immutable and thread-safe; {@link #invoke} runs on handler threads.
 */
final class CompiledHandlerMethod {

    private final ArgumentSource[] sources;
    private final MethodHandle invoker;
    private final boolean needsMessage;

    private CompiledHandlerMethod(ArgumentSource[] sources, MethodHandle invoker, boolean needsMessage) {
        this.sources = sources;
        this.invoker = invoker;
        this.needsMessage = needsMessage;
    }

    /**
     * Prepares {@code method}, or returns null when one of its parameters needs spring-messaging's resolution
     * on every frame. Main thread, at startup.
     *
     * @param invocable the method as spring-messaging invokes it (its parameters and bean are used)
     * @param server    the server, for the {@link LoopwireHeaders#SERVER} header
     * @param route     the route, for the {@link LoopwireHeaders#ROUTE} header
     * @param converter the server's payload converter
     * @param charset   the charset {@link StrictStringMessageConverter} decodes {@code String} payloads in
     */
    static CompiledHandlerMethod compile(InvocableHandlerMethod invocable, String server, String route,
            SmartMessageConverter converter, Charset charset) {
        return compile(invocable, server, route, converter, charset, false);
    }

    /**
     * As {@link #compile(InvocableHandlerMethod, String, String, SmartMessageConverter, Charset)}.
     *
     * @param validating whether the server has a validator: then a {@code @Valid}/{@code @Validated}
     *                   payload leaves the method to spring-messaging, which validates it; without one,
     *                   spring-messaging would not validate either, so those annotations are ignored
     */
    static CompiledHandlerMethod compile(InvocableHandlerMethod invocable, String server, String route,
            SmartMessageConverter converter, Charset charset, boolean validating) {
        Method method = BridgeMethodResolver.findBridgedMethod(invocable.getMethod());
        if (KotlinDetector.isSuspendingFunction(method)) {
            return null;
        }
        MethodParameter[] parameters = invocable.getMethodParameters();
        ArgumentSource[] sources = new ArgumentSource[parameters.length];
        boolean needsMessage = false;
        for (int i = 0; i < parameters.length; i++) {
            MethodParameter parameter = parameters[i];
            if (parameter.getParameterType() == Message.class) {
                needsMessage = true;
            }
            sources[i] = sourceFor(parameter, server, route, converter, charset, validating);
            if (sources[i] == null) {
                return null;
            }
        }
        MethodHandle handle = handleFor(method, invocable.getBean(), parameters.length);
        return handle == null ? null : new CompiledHandlerMethod(sources, handle, needsMessage);
    }

    /** Whether {@link #invoke} must be given the frame's {@code Message}. */
    boolean needsMessage() {
        return needsMessage;
    }

    /**
     * Produces the arguments and calls the method.
     *
     * @param message the frame as a message when {@link #needsMessage()}, else null
     * @return what the method returned, or {@link ArgumentSource#UNRESOLVED} when an argument needs
     *         spring-messaging's resolution (the method was not called)
     * @throws Exception what the method threw
     */
    Object invoke(Connection connection, byte[] payload, Message<byte[]> message) throws Exception {
        switch (sources.length) {
            case 0:
                return call0();
            case 1: {
                Object a0 = produce(0, connection, payload, message);
                return a0 == ArgumentSource.UNRESOLVED ? a0 : call1(a0);
            }
            case 2: {
                Object a0 = produce(0, connection, payload, message);
                Object a1 = a0 == ArgumentSource.UNRESOLVED ? a0 : produce(1, connection, payload, message);
                return a1 == ArgumentSource.UNRESOLVED ? a1 : call2(a0, a1);
            }
            default: {
                Object[] arguments = new Object[sources.length];
                for (int i = 0; i < arguments.length; i++) {
                    arguments[i] = produce(i, connection, payload, message);
                    if (arguments[i] == ArgumentSource.UNRESOLVED) {
                        return ArgumentSource.UNRESOLVED;
                    }
                }
                return callSpread(arguments);
            }
        }
    }

    private Object produce(int index, Connection connection, byte[] payload, Message<byte[]> message) {
        try {
            return sources[index].produce(connection, payload, message);
        } catch (Exception conversionFailure) {
            // spring-messaging's resolver will meet (and throw) the same failure
            return ArgumentSource.UNRESOLVED;
        }
    }

    private Object call0() throws Exception {
        try {
            return (Object) invoker.invokeExact();
        } catch (Exception | Error failure) {
            throw failure;
        } catch (Throwable other) {
            throw new IllegalStateException("Invocation failure", other);
        }
    }

    private Object call1(Object a0) throws Exception {
        try {
            return (Object) invoker.invokeExact(a0);
        } catch (Exception | Error failure) {
            throw failure;
        } catch (Throwable other) {
            throw new IllegalStateException("Invocation failure", other);
        }
    }

    private Object call2(Object a0, Object a1) throws Exception {
        try {
            return (Object) invoker.invokeExact(a0, a1);
        } catch (Exception | Error failure) {
            throw failure;
        } catch (Throwable other) {
            throw new IllegalStateException("Invocation failure", other);
        }
    }

    private Object callSpread(Object[] arguments) throws Exception {
        try {
            return (Object) invoker.invokeExact(arguments);
        } catch (Exception | Error failure) {
            throw failure;
        } catch (Throwable other) {
            throw new IllegalStateException("Invocation failure", other);
        }
    }

    /** (a0, a1) -> Object for up to two parameters, (Object[]) -> Object beyond; null if not accessible. */
    private static MethodHandle handleFor(Method method, Object bean, int arity) {
        MethodHandle handle;
        try {
            ReflectionUtils.makeAccessible(method);
            handle = MethodHandles.lookup().unreflect(method);
        } catch (IllegalAccessException | RuntimeException inaccessible) {
            return null;
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            handle = handle.bindTo(bean);
        }
        handle = handle.asType(MethodType.genericMethodType(arity));
        return arity <= 2 ? handle : handle.asSpreader(Object[].class, arity);
    }

    private static ArgumentSource sourceFor(MethodParameter parameter, String server, String route,
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
            return (connection, payload, message) -> {
                if (payload.length == 0) {
                    return ArgumentSource.UNRESOLVED;
                }
                String text = StrictStringMessageConverter.decode(payload, charset);
                return text == null ? ArgumentSource.UNRESOLVED : text;
            };
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
}
