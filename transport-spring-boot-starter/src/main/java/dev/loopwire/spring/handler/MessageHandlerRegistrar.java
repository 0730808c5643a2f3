package dev.loopwire.spring.handler;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link MessageHandlerEndpoint}s found in the context. Filled by
 * {@link MessageHandlerBeanPostProcessor} while singletons are created (main thread), read when the
 * servers start; synchronized, so reads from other threads are safe too.
 */
public class MessageHandlerRegistrar {

    private final List<MessageHandlerEndpoint> endpoints = new ArrayList<>();

    /** Adds an endpoint. */
    public synchronized void register(MessageHandlerEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    /** Every endpoint, in registration order (a snapshot). */
    public synchronized List<MessageHandlerEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }
}
