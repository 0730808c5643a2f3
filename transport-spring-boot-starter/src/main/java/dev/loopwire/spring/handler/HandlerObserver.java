package dev.loopwire.spring.handler;

import dev.loopwire.spring.observation.DefaultLoopwireHandlerObservationConvention;
import dev.loopwire.spring.observation.LoopwireHandlerContext;
import dev.loopwire.spring.observation.LoopwireHandlerObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.MDC;

/**
 * Starts the {@code loopwire.handler} observation of each invocation and makes it, and the MDC entry
 * {@value #MDC_KEY}, current on the thread that runs the handler or completes its asynchronous reply.
 * Exists only when the application has an {@link ObservationRegistry} that is not
 * {@link ObservationRegistry#NOOP}; while that registry has no handler, {@link #start} returns null and the
 * frame takes the unobserved path. Immutable and thread-safe; called on handler threads.
 */
final class HandlerObserver {

    /** The MDC key holding the connection id while a handler (or its asynchronous completion) runs. */
    static final String MDC_KEY = "loopwire.connection";

    private static final DefaultLoopwireHandlerObservationConvention DEFAULT_CONVENTION =
            new DefaultLoopwireHandlerObservationConvention();

    private final ObservationRegistry registry;
    /** the application's convention, or null for the default */
    private final LoopwireHandlerObservationConvention convention;

    private HandlerObserver(ObservationRegistry registry, LoopwireHandlerObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    /** The observer, or null when {@code registry} is absent or the no-op registry: nothing is observed. */
    static HandlerObserver of(ObservationRegistry registry, LoopwireHandlerObservationConvention convention) {
        return registry == null || registry == ObservationRegistry.NOOP ? null : new HandlerObserver(registry, convention);
    }

    /** The started observation of one invocation, or null while the registry has no observation handler. */
    Observation start(String server, String route, long connectionId) {
        if (registry.isNoop()) {
            return null;
        }
        LoopwireHandlerContext context = new LoopwireHandlerContext(server, route, connectionId);
        return Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context, registry).start();
    }

    /** Makes {@code observation} and the connection's MDC entry current until the returned scope closes. */
    static Scope open(Observation observation, long connectionId) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, Long.toString(connectionId));
        return new Scope(observation.openScope(), previous);
    }

    /** Sets the outcome, records the failure (if any) and stops {@code observation}. */
    static void stop(Observation observation, String outcome, Throwable failure) {
        if (observation.getContext() instanceof LoopwireHandlerContext context) {
            context.outcome(outcome);
        }
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    /** An open observation scope plus the MDC entry; closed on the thread that opened it. */
    static final class Scope implements AutoCloseable {

        private final Observation.Scope scope;
        private final String previous;

        private Scope(Observation.Scope scope, String previous) {
            this.scope = scope;
            this.previous = previous;
        }

        @Override
        public void close() {
            try {
                scope.close();
            } finally {
                if (previous == null) {
                    MDC.remove(MDC_KEY);
                } else {
                    MDC.put(MDC_KEY, previous);
                }
            }
        }
    }
}
