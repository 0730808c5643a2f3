package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.client.annotation.LoopwireExchange;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes the proxy of a {@code @LoopwireExchange} interface on its configured client. Checks every method
 * when the proxy is made, so a route the framing cannot carry fails at startup. Main thread.
 */
public final class LoopwireExchangeProxies {

    private final LoopwireClients clients;
    private final LoopThreads loopThreads;

    LoopwireExchangeProxies(LoopwireClients clients, LoopThreads loopThreads) {
        this.clients = clients;
        this.loopThreads = loopThreads;
    }

    /**
     * The proxy of {@code type}.
     *
     * @throws LoopwireConfigurationException when the type is not an annotated interface, its client is
     *         not configured, or a method cannot be sent
     */
    public <T> T create(Class<T> type) {
        LoopwireExchange exchange = type.getAnnotation(LoopwireExchange.class);
        if (!type.isInterface() || exchange == null) {
            throw new LoopwireConfigurationException(type.getName() + " is not an interface annotated with "
                    + "@LoopwireExchange", "annotate an interface with @LoopwireExchange(client = ...)");
        }
        LoopwireClient client = clients.required(exchange.client(), "@LoopwireExchange " + type.getName());
        Map<Method, ExchangeMethod> methods = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            methods.put(method, ExchangeMethod.of(method, client.codec()));
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                new ExchangeInvocationHandler(type, client, methods, loopThreads));
        return type.cast(proxy);
    }
}
