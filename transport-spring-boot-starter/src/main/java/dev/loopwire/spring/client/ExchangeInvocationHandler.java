package dev.loopwire.spring.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy of one {@code @LoopwireExchange} interface: each call becomes a request of its client.
 * Called on the caller's thread; the blocking style waits on it (and refuses to on a loop thread).
 */
final class ExchangeInvocationHandler implements InvocationHandler {

    private static final Logger log = LoggerFactory.getLogger(ExchangeInvocationHandler.class);

    private final Class<?> type;
    private final LoopwireClient client;
    private final Map<Method, ExchangeMethod> methods;
    private final LoopThreads loopThreads;

    ExchangeInvocationHandler(Class<?> type, LoopwireClient client, Map<Method, ExchangeMethod> methods,
            LoopThreads loopThreads) {
        this.type = type;
        this.client = client;
        this.methods = methods;
        this.loopThreads = loopThreads;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        ExchangeMethod exchange = methods.get(method);
        if (exchange == null) {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return objectMethod(proxy, method, args);
        }
        Object payload = exchange.payload(args);
        switch (exchange.kind()) {
            case ONE_WAY -> {
                client.send(exchange.route(), payload).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        log.warn("One-way {}.{} was not sent: {}", type.getSimpleName(), method.getName(),
                                failure.getMessage());
                    }
                });
                return null;
            }
            case ASYNC -> {
                return client.exchange(exchange.route(), payload, exchange.replyType(), exchange.conversionHint());
            }
            default -> {
                return await(exchange, payload);
            }
        }
    }

    private Object await(ExchangeMethod exchange, Object payload) throws Throwable {
        if (loopThreads.current()) {
            throw new IllegalStateException(type.getSimpleName() + "." + exchange.method().getName() + " blocks for "
                    + "its reply, but was called on Loopwire loop thread " + Thread.currentThread().getName()
                    + ", which must never block; return CompletableFuture<" + exchange.replyType().getSimpleName()
                    + "> instead, or call it from a handler with dispatch pool or virtual");
        }
        CompletableFuture<?> reply = client.exchange(exchange.route(), payload, exchange.replyType(),
                exchange.conversionHint());
        try {
            // the client completes every future within this time; the margin is for scheduling only
            return reply.get(client.maxRequestDuration().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new RequestTimeoutException(client.name(), client.address(), "no reply within "
                    + client.maxRequestDuration().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.cancel(false);
            throw e;
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> type.getName() + " -> " + client;
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
