package dev.loopwire.spring.metrics;

import dev.loopwire.spring.HandlerObservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;

/**
 * A {@link HandlerObservation} that times handler invocations with a Micrometer {@link Timer}
 * {@code loopwire.handler.duration} tagged {@code server}, {@code route} and {@code outcome}
 * ({@code success}, {@code error}, or {@code invalid} when the payload failed its {@code @Valid} checks and
 * the method did not run; such frames also count as {@code loopwire.frames.rejected{reason=invalid}}). Both timers of a route are created when the starter asks for its
 * recorder, so recording an invocation is one {@code Timer.record} call, never a registry lookup.
 *
 * <p>The route {@value #NO_ROUTE} is special: its recorder counts frames no route matched, as
 * {@code loopwire.frames.rejected{reason=no-route}} (the duration and failure passed to it are ignored).
 * The starter asks for it once per server and calls {@code record(0, null)} per unrouted frame.
 *
 * <p>The starter records the timers only with {@code loopwire.metrics.handler-duration.enabled=true}: they cost
 * two clock reads and a {@code Timer.record} per frame. Without them, a route's recorder only counts invalid
 * payloads and is not {@link Recorder#timed() timed}.
 *
 * <p>When a meter filter denies the route's timers and counter (e.g.
 * {@code management.metrics.enable.loopwire.handler.duration=false}), the registry hands out no-op meters
 * and the route's recorder is not {@link Recorder#timed() timed}: its invocations read no clock (invalid
 * payloads are still counted unless that counter is denied too, then the route gets {@link Recorder#NONE}).
 *
 * <p>{@link #recorderFor} is called while the context starts; the recorders on handler threads.
 * Histograms and percentiles are left to the user's meter filters, e.g.
 * {@code management.metrics.distribution.percentiles-histogram.loopwire.handler.duration=true}.
 */
public class MicrometerHandlerObservation implements HandlerObservation {

    /** The route whose recorder counts unrouted frames instead of timing a handler. */
    public static final String NO_ROUTE = HandlerObservation.NO_ROUTE;
    /** The {@code reason} of frames whose payload failed its {@code @Valid} checks. */
    public static final String INVALID = "invalid";
    /** The timer's name. */
    public static final String HANDLER_DURATION = "loopwire.handler.duration";

    private final MeterRegistry registry;
    /** whether routes get the {@value #HANDLER_DURATION} timers; without them no clock is read per frame */
    private final boolean timed;

    /** Records the {@value #HANDLER_DURATION} timers (a bean you declare yourself gets them). */
    public MicrometerHandlerObservation(MeterRegistry registry) {
        this(registry, true);
    }

    /**
     * @param registry where the meters go
     * @param timed    whether to record the {@value #HANDLER_DURATION} timers (the starter passes
     *                 {@code loopwire.metrics.handler-duration.enabled}, off by default); the counters of
     *                 unrouted frames and invalid payloads are recorded either way
     */
    public MicrometerHandlerObservation(MeterRegistry registry, boolean timed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.timed = timed;
    }

    @Override
    public Recorder recorderFor(String server, String route) {
        if (NO_ROUTE.equals(route)) {
            Counter unrouted = Counter.builder("loopwire.frames.rejected").tags("server", server, "reason", NO_ROUTE)
                    .description("Frames rejected").baseUnit("frames").register(registry);
            return (nanos, failure) -> unrouted.increment();
        }
        Counter rejected = Counter.builder("loopwire.frames.rejected").tags("server", server, "reason", INVALID)
                .description("Frames rejected").baseUnit("frames").register(registry);
        if (!timed) {
            return rejected instanceof NoopCounter ? Recorder.NONE : new InvalidCount(rejected);
        }
        Tags tags = Tags.of("server", server, "route", route);
        Timer success = timer(tags.and("outcome", "success"));
        Timer error = timer(tags.and("outcome", "error"));
        Timer invalid = timer(tags.and("outcome", "invalid"));
        if (success instanceof NoopTimer && error instanceof NoopTimer && invalid instanceof NoopTimer) {
            return rejected instanceof NoopCounter ? Recorder.NONE : new InvalidCount(rejected);
        }
        return new RouteTimers(success, error, invalid, rejected);
    }

    /** The timers of one route: recording is one {@code Timer.record}, no lookup and no allocation. */
    private record RouteTimers(Timer success, Timer error, Timer invalid, Counter rejected) implements Recorder {

        @Override
        public void record(long nanos, Throwable failure) {
            if (failure == null) {
                success.record(nanos, TimeUnit.NANOSECONDS);
            } else if (failure instanceof MethodArgumentNotValidException) {
                invalid.record(nanos, TimeUnit.NANOSECONDS);
                rejected.increment();
            } else {
                error.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** No timers (off, or denied), but the count of invalid payloads: no clock is read for the route. */
    private record InvalidCount(Counter rejected) implements Recorder {

        @Override
        public void record(long nanos, Throwable failure) {
            if (failure instanceof MethodArgumentNotValidException) {
                rejected.increment();
            }
        }

        @Override
        public boolean timed() {
            return false;
        }
    }

    private Timer timer(Tags tags) {
        return Timer.builder(HANDLER_DURATION).tags(tags).description("Handler invocations, until the reply is ready")
                .register(registry);
    }
}
