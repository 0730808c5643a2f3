package dev.loopwire.spring.handler;

import dev.loopwire.spring.annotation.DispatchMode;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * One {@link dev.loopwire.spring.annotation.MessageHandler} method found on a bean: what to invoke and
 * where it answers. Immutable.
 *
 * @param beanName the bean's name, for messages
 * @param bean     the bean (possibly an AOP proxy) to invoke the method on
 * @param method   the method, invocable on {@code bean}
 * @param server   the server's name as written in the annotation (empty: the only server)
 * @param route    the route key as written (empty: the fallback)
 * @param dispatch where the route runs, as annotated ({@link DispatchMode#INHERIT}: the server's dispatch)
 */
public record MessageHandlerEndpoint(String beanName, Object bean, Method method, String server, String route,
        DispatchMode dispatch) {

    /** The route name of fallback handlers, in headers, logs and metrics. */
    public static final String DEFAULT_ROUTE = "default";

    public MessageHandlerEndpoint {
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(method, "method");
        server = server == null ? "" : server.trim();
        route = route == null ? "" : route.trim();
        dispatch = dispatch == null ? DispatchMode.INHERIT : dispatch;
    }

    /** An endpoint that runs where its server's dispatch says. */
    public MessageHandlerEndpoint(String beanName, Object bean, Method method, String server, String route) {
        this(beanName, bean, method, server, route, DispatchMode.INHERIT);
    }

    /** True for the server's fallback handler (no route). */
    public boolean isFallback() {
        return route.isEmpty();
    }

    /** {@code Class.method(ParamType, ...)}, for messages. */
    public String describe() {
        StringBuilder text = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').append(" in bean '").append(beanName).append('\'').toString();
    }
}
