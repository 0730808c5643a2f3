package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.client.annotation.Route;
import dev.loopwire.spring.handler.PayloadFormat;
import java.lang.reflect.Method;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * What one method of a {@code @LoopwireExchange} interface sends and returns, worked out once when the
 * proxy is made: its route, how its arguments become the payload, and how the caller gets the reply.
 * Immutable and thread-safe.
 */
final class ExchangeMethod {

    /** How the caller gets the reply. */
    enum Kind {
        /** {@code CompletableFuture<T>} or {@code CompletionStage<T>} */
        ASYNC,
        /** {@code T}: waits for it */
        BLOCKING,
        /** {@code void}: one-way */
        ONE_WAY
    }

    private final Method method;
    private final String route;
    private final Kind kind;
    private final Class<?> replyType;
    /** the MethodParameter of the reply type, for generic replies; null when not generic */
    private final Object conversionHint;
    private final boolean joinArguments;

    private ExchangeMethod(Method method, String route, Kind kind, Class<?> replyType, Object conversionHint,
            boolean joinArguments) {
        this.method = method;
        this.route = route;
        this.kind = kind;
        this.replyType = replyType;
        this.conversionHint = conversionHint;
        this.joinArguments = joinArguments;
    }

    /**
     * @throws LoopwireConfigurationException when the method cannot be sent with this client's framing
     */
    static ExchangeMethod of(Method method, ClientCodec codec) {
        Route annotation = method.getAnnotation(Route.class);
        String route = annotation == null ? "" : annotation.value().strip();
        String where = method.getDeclaringClass().getName() + "." + method.getName();
        if (!route.isEmpty() && !codec.routes().carriesRoutes()) {
            throw new LoopwireConfigurationException(where + " has @Route(\"" + route + "\"), but its client's frames "
                    + "carry no route", "set the client's length-field.type-field.length, or remove @Route");
        }
        if (!route.isEmpty()) {
            try {
                codec.routes().write(route, new byte[0]);
            } catch (IllegalArgumentException e) {
                throw new LoopwireConfigurationException(where + ": " + e.getMessage(), "fix @Route on " + where);
            }
        }
        boolean join = codec.lineFraming() && codec.format() != PayloadFormat.JSON;
        if (!join && method.getParameterCount() > 1) {
            throw new LoopwireConfigurationException(where + " has " + method.getParameterCount() + " parameters, but a "
                    + codec.format().name().toLowerCase() + " client sends one object as the payload",
                    "take one parameter (the payload object)");
        }
        Class<?> returnType = method.getReturnType();
        if (returnType == void.class) {
            return new ExchangeMethod(method, route, Kind.ONE_WAY, Void.class, null, join);
        }
        MethodParameter returned = new MethodParameter(method, -1);
        if (returnType == CompletableFuture.class || returnType == CompletionStage.class) {
            ResolvableType value = ResolvableType.forMethodReturnType(method).as(CompletionStage.class).getGeneric(0);
            Class<?> replyType = value.resolve(Object.class);
            if (replyType == Object.class) {
                replyType = codec.format() == PayloadFormat.BINARY ? byte[].class : String.class;
            }
            Object hint = value.hasGenerics() ? returned.nested() : null;
            return new ExchangeMethod(method, route, Kind.ASYNC, replyType, hint, join);
        }
        Object hint = ResolvableType.forMethodReturnType(method).hasGenerics() ? returned : null;
        return new ExchangeMethod(method, route, Kind.BLOCKING, returnType, hint, join);
    }

    Method method() {
        return method;
    }

    String route() {
        return route;
    }

    Kind kind() {
        return kind;
    }

    Class<?> replyType() {
        return replyType;
    }

    Object conversionHint() {
        return conversionHint;
    }

    /** The payload for these arguments: joined by spaces on a line client, else the one argument (or none). */
    Object payload(Object[] args) {
        if (args == null || args.length == 0) {
            return null;
        }
        if (!joinArguments) {
            return args[0];
        }
        if (args.length == 1) {
            return args[0] instanceof byte[] ? args[0] : String.valueOf(args[0]);
        }
        StringJoiner line = new StringJoiner(" ");
        for (Object arg : args) {
            line.add(String.valueOf(arg));
        }
        return line.toString();
    }
}
