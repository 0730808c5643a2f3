package dev.loopwire.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * The default naming of handler observations: name {@value #NAME}; low-cardinality keys
 * {@code loopwire.server}, {@code loopwire.route} and {@code outcome} ({@code success}, {@code error} or
 * {@code invalid}); high-cardinality key {@code loopwire.connection.id}. The contextual name (a span's
 * name) is {@code loopwire <route>}. Stateless and thread-safe.
 */
public class DefaultLoopwireHandlerObservationConvention implements LoopwireHandlerObservationConvention {

    /** The observation's name. */
    public static final String NAME = "loopwire.handler";
    /** Low-cardinality key: the server's name. */
    public static final String SERVER = "loopwire.server";
    /** Low-cardinality key: the route. */
    public static final String ROUTE = "loopwire.route";
    /** Low-cardinality key: the outcome. */
    public static final String OUTCOME = "outcome";
    /** High-cardinality key: the connection's id. */
    public static final String CONNECTION_ID = "loopwire.connection.id";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(LoopwireHandlerContext context) {
        return "loopwire " + context.route();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(LoopwireHandlerContext context) {
        return KeyValues.of(SERVER, context.server(), ROUTE, context.route(), OUTCOME, context.outcome());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(LoopwireHandlerContext context) {
        return KeyValues.of(CONNECTION_ID, Long.toString(context.connectionId()));
    }
}
