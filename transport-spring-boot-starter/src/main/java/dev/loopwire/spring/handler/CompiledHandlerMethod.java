package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * A {@code @MessageHandler} method prepared once at startup for the per-frame fast path: one
 * {@link ArgumentSource} per parameter, decided by {@link ArgumentSources} from the parameter's type and
 * annotations the way spring-messaging's resolvers would decide it, and a {@link HandlerCall} that calls
 * the method bound to the bean instead of reflection (a generated lambda the JIT can inline, else a method
 * handle). A {@code Message} is built only for methods that take one.
 *
 * <p>A method that returns the very {@code String} it was given as its payload (an echo, a pass-through)
 * gets the frame's bytes back as its result instead of the text: the server's charset is one whose strict
 * decoding round-trips (UTF-8, ISO-8859-1, US-ASCII), so the reply is byte for byte what encoding the
 * text would give, without encoding it again.
 *
 * <p>Only the shapes whose outcome is certain are compiled ({@link ArgumentSources} lists them); any other
 * parameter ({@code @Valid} payloads when the server has a validator, {@code @Headers}, SpEL, optional
 * payloads, ...) leaves the method to spring-messaging: {@link #compile} returns null. Per frame, a source
 * may still answer {@link ArgumentSource#UNRESOLVED} (empty payload, malformed text, a failed conversion);
 * the invoker then resolves the arguments through spring-messaging, which yields the same value or throws
 * the same exception as it always did.
 *
 * <p>Ownership: made on the main thread at startup and owned by its {@link HandlerInvoker}; it owns its
 * sources and its {@link HandlerCall}. Immutable (final fields) and safe from any thread; {@link #invoke}
 * runs on handler threads (an I/O loop thread for io dispatch, a pool or virtual thread otherwise) and
 * allocates nothing of its own for methods of up to two parameters.
 */
final class CompiledHandlerMethod {

    /** one per parameter, in parameter order */
    private final ArgumentSource[] sources;
    /** the call of the method bound to its bean */
    private final HandlerCall call;
    /** whether a parameter takes the frame's {@code Message} */
    private final boolean needsMessage;
    /**
     * the parameter that gets the payload decoded as text, when returning that very {@code String} may be
     * answered with the payload's bytes; -1 otherwise
     */
    private final int echoedText;

    private CompiledHandlerMethod(ArgumentSource[] sources, HandlerCall call, boolean needsMessage, int echoedText) {
        this.sources = sources;
        this.call = call;
        this.needsMessage = needsMessage;
        this.echoedText = echoedText;
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
            sources[i] = ArgumentSources.sourceFor(parameter, server, route, converter, charset, validating);
            if (sources[i] == null) {
                return null;
            }
        }
        HandlerCall call = HandlerCall.of(method, invocable.getBean(), parameters.length);
        if (call == null) {
            return null;
        }
        return new CompiledHandlerMethod(sources, call, needsMessage, echoedText(parameters, sources, charset));
    }

    /** Whether {@link #invoke} must be given the frame's {@code Message}. */
    boolean needsMessage() {
        return needsMessage;
    }

    /** Whether the method is called through a generated lambda rather than a method handle (for tests). */
    boolean generated() {
        return call.generated();
    }

    /** Whether returning the payload text itself is answered with the payload's bytes (for tests). */
    boolean echoesText() {
        return echoedText >= 0;
    }

    /**
     * Produces the arguments and calls the method. Handler thread.
     *
     * @param message the frame as a message when {@link #needsMessage()}, else null
     * @return what the method returned, or {@link ArgumentSource#UNRESOLVED} when an argument needs
     *         spring-messaging's resolution (the method was not called)
     * @throws Exception what the method threw
     */
    Object invoke(Connection connection, byte[] payload, Message<byte[]> message) throws Exception {
        switch (sources.length) {
            case 0:
                return call.call0();
            case 1: {
                Object a0 = produce(0, connection, payload, message);
                if (a0 == ArgumentSource.UNRESOLVED) {
                    return a0;
                }
                Object result = call.call1(a0);
                return echoedText == 0 && result == a0 ? payload : result;
            }
            case 2: {
                Object a0 = produce(0, connection, payload, message);
                Object a1 = a0 == ArgumentSource.UNRESOLVED ? a0 : produce(1, connection, payload, message);
                if (a1 == ArgumentSource.UNRESOLVED) {
                    return a1;
                }
                Object result = call.call2(a0, a1);
                return echoedText >= 0 && result == (echoedText == 0 ? a0 : a1) ? payload : result;
            }
            default: {
                Object[] arguments = new Object[sources.length];
                for (int i = 0; i < arguments.length; i++) {
                    arguments[i] = produce(i, connection, payload, message);
                    if (arguments[i] == ArgumentSource.UNRESOLVED) {
                        return ArgumentSource.UNRESOLVED;
                    }
                }
                Object text = echoedText >= 0 ? arguments[echoedText] : null;
                Object result = call.callSpread(arguments);
                return text != null && result == text ? payload : result;
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

    /**
     * The index of the parameter that gets the payload as text, when a method returning that very
     * {@code String} may be answered with the payload's bytes: the charset round-trips every text its strict
     * decoding accepts, and no other parameter sees the payload array (a {@code byte[]} or {@code Message}
     * parameter could change it before the method returns). -1 otherwise.
     */
    private static int echoedText(MethodParameter[] parameters, ArgumentSource[] sources, Charset charset) {
        if (!StandardCharsets.UTF_8.equals(charset) && !StandardCharsets.ISO_8859_1.equals(charset)
                && !StandardCharsets.US_ASCII.equals(charset)) {
            return -1;
        }
        int text = -1;
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i].getParameterType();
            if (ArgumentSources.isText(sources[i])) {
                if (text >= 0) {
                    return -1;
                }
                text = i;
            } else if (type == byte[].class || Message.class.isAssignableFrom(type)) {
                return -1;
            }
        }
        return text;
    }
}
