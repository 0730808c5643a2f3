package dev.loopwire.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code loopwire.handler} observation. Declare a bean of this type to replace
 * {@link DefaultLoopwireHandlerObservationConvention} (e.g. extend it to add keys).
 */
public interface LoopwireHandlerObservationConvention extends ObservationConvention<LoopwireHandlerContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof LoopwireHandlerContext;
    }
}
