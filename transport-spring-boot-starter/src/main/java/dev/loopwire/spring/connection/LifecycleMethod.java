package dev.loopwire.spring.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.Charset;
import org.springframework.util.ReflectionUtils;

/**
 * One {@code @OnConnect} or {@code @OnDisconnect} bean method and how to call it: each parameter is the
 * {@link Connection}, the {@link CloseReason}, or a {@link ConnectionAttribute}; the return value becomes
 * a greeting. Immutable; safe from any thread.
 */
public final class LifecycleMethod {

    private final Object bean;
    private final Method method;
    private final String server;
    private final ArgumentSource[] arguments;

    private enum Kind { CONNECTION, REASON, ATTRIBUTE }

    private record ArgumentSource(Kind kind, String name, Class<?> type, boolean required) {
    }

    /**
     * @throws IllegalStateException when a parameter cannot be resolved (the message names it)
     */
    LifecycleMethod(Object bean, Method method, String server, boolean disconnect) {
        this.bean = bean;
        this.method = method;
        this.server = server;
        ReflectionUtils.makeAccessible(method);
        Parameter[] parameters = method.getParameters();
        this.arguments = new ArgumentSource[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            ConnectionAttribute attribute = parameter.getAnnotation(ConnectionAttribute.class);
            if (attribute != null) {
                arguments[i] = new ArgumentSource(Kind.ATTRIBUTE, attribute.value(), parameter.getType(), attribute.required());
            } else if (Connection.class.isAssignableFrom(parameter.getType())) {
                arguments[i] = new ArgumentSource(Kind.CONNECTION, null, null, false);
            } else if (disconnect && parameter.getType() == CloseReason.class) {
                arguments[i] = new ArgumentSource(Kind.REASON, null, null, false);
            } else {
                throw new IllegalStateException(describe() + ": parameter " + i + " (" + parameter.getType().getSimpleName()
                        + ") cannot be resolved; use Connection, " + (disconnect ? "CloseReason, " : "")
                        + "or @ConnectionAttribute(\"name\") parameters");
            }
        }
    }

    /** The server named by the annotation ("" for the only one). */
    public String server() {
        return server;
    }

    /** True when the method returns something (a greeting). */
    boolean returnsGreeting() {
        return method.getReturnType() != void.class;
    }

    /**
     * Calls the method.
     *
     * @return its return value as a reply (none for void or null)
     * @throws Exception what the method threw (unwrapped)
     */
    Reply invoke(Connection connection, CloseReason reason, Charset charset) throws Exception {
        Object[] values = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            ArgumentSource source = arguments[i];
            values[i] = switch (source.kind()) {
                case CONNECTION -> connection;
                case REASON -> reason;
                case ATTRIBUTE -> source.required()
                        ? ConnectionAttributes.require(connection, source.name(), source.type())
                        : ConnectionAttributes.get(connection, source.name(), source.type());
            };
        }
        Object result;
        try {
            result = method.invoke(bean, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
        return toReply(result, charset);
    }

    private Reply toReply(Object result, Charset charset) {
        if (result == null) {
            return Reply.none();
        }
        if (result instanceof Reply reply) {
            return reply;
        }
        if (result instanceof byte[] bytes) {
            return Reply.of(bytes);
        }
        return Reply.of(result.toString().getBytes(charset));
    }

    /** For messages: the bean class and method. */
    public String describe() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
