package dev.loopwire.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.HandlerObservation.Recorder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerHandlerObservationTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerHandlerObservation observation = new MicrometerHandlerObservation(registry);

    @Test
    void whenRouteRecordedThenTimerPerOutcome() {
        Recorder recorder = observation.recorderFor("echo", "default");

        recorder.record(TimeUnit.MILLISECONDS.toNanos(3), null);
        recorder.record(TimeUnit.MILLISECONDS.toNanos(5), null);
        recorder.record(TimeUnit.MILLISECONDS.toNanos(7), new IllegalStateException("boom"));

        Timer success = registry.get("loopwire.handler.duration")
                .tags("server", "echo", "route", "default", "outcome", "success").timer();
        Timer error = registry.get("loopwire.handler.duration")
                .tags("server", "echo", "route", "default", "outcome", "error").timer();
        assertThat(success.count()).isEqualTo(2);
        assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
        assertThat(error.count()).isEqualTo(1);
        assertThat(error.max(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    }

    @Test
    void whenTheHandlerTimerIsOffThenNoTimerExistsNoClockIsReadAndInvalidPayloadsAreStillCounted() throws Exception {
        MicrometerHandlerObservation untimed = new MicrometerHandlerObservation(registry, false);
        Recorder recorder = untimed.recorderFor("echo", "orders");

        recorder.record(0, new org.springframework.messaging.handler.annotation.support
                .MethodArgumentNotValidException(null,
                new org.springframework.core.MethodParameter(String.class.getMethod("valueOf", Object.class), 0)));
        recorder.record(0, null);

        assertThat(recorder.timed()).as("the invoker reads no clock").isFalse();
        assertThat(registry.find("loopwire.handler.duration").timers()).isEmpty();
        assertThat(registry.get("loopwire.frames.rejected").tags("server", "echo", "reason", "invalid").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void whenRecorderCreatedThenEveryOutcomesTimerExistsBeforeAnyInvocation() {
        observation.recorderFor("echo", "orders");

        assertThat(registry.get("loopwire.handler.duration").tags("server", "echo", "route", "orders").timers())
                .hasSize(3).allSatisfy(timer -> assertThat(timer.count()).isZero())
                .extracting(timer -> timer.getId().getTag("outcome"))
                .containsExactlyInAnyOrder("success", "error", "invalid");
    }

    @Test
    void whenAPayloadFailedValidationThenItIsTimedAsInvalidAndCountedAsARejectedFrame() throws Exception {
        Recorder recorder = observation.recorderFor("echo", "orders");

        recorder.record(1_000, new org.springframework.messaging.handler.annotation.support
                .MethodArgumentNotValidException(null,
                new org.springframework.core.MethodParameter(String.class.getMethod("valueOf", Object.class), 0)));
        recorder.record(1_000, new IllegalStateException("boom"));

        assertThat(registry.get("loopwire.handler.duration").tags("route", "orders", "outcome", "invalid").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("loopwire.handler.duration").tags("route", "orders", "outcome", "error").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("loopwire.frames.rejected").tags("server", "echo", "reason", "invalid").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void whenNoRouteRecordedThenFramesRejectedCounterCounts() {
        Recorder noRoute = observation.recorderFor("echo", MicrometerHandlerObservation.NO_ROUTE);

        noRoute.record(0, null);
        noRoute.record(0, null);

        assertThat(registry.get("loopwire.frames.rejected").tags("server", "echo", "reason", "no-route").counter()
                .count()).isEqualTo(2);
        assertThat(registry.find("loopwire.handler.duration").timers()).isEmpty();
    }

    @Test
    void whenAMeterFilterDeniesTheTimersThenTheRouteIsNotTimedButInvalidPayloadsAreStillCounted() throws Exception {
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(MicrometerHandlerObservation.HANDLER_DURATION));
        Recorder recorder = observation.recorderFor("echo", "orders");

        recorder.record(0, new org.springframework.messaging.handler.annotation.support
                .MethodArgumentNotValidException(null,
                new org.springframework.core.MethodParameter(String.class.getMethod("valueOf", Object.class), 0)));
        recorder.record(0, new IllegalStateException("boom"));

        assertThat(recorder.timed()).isFalse();
        assertThat(registry.get("loopwire.frames.rejected").tags("server", "echo", "reason", "invalid").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void whenAMeterFilterDeniesTheTimersAndTheCounterThenTheRouteRecordsNothing() {
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(MicrometerHandlerObservation.HANDLER_DURATION))
                .meterFilter(MeterFilter.denyNameStartsWith("loopwire.frames.rejected"));

        assertThat(observation.recorderFor("echo", "orders")).isSameAs(Recorder.NONE);
    }
}
