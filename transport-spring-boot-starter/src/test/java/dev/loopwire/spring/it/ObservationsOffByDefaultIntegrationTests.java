package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Without {@code loopwire.observations.enabled} and {@code loopwire.metrics.handler-duration.enabled}, an
 * application with Spring Boot's observation registry (and a handler for Loopwire's contexts) observes and times
 * no frame: no observation, no MDC entry, no {@code loopwire.handler} timer from an observation and no
 * {@code loopwire.handler.duration} timer;
 * {@link HandlerTimerOnIntegrationTests} turns the timer on alone.
 */
@SpringBootTest(classes = ObservationIntegrationTests.App.class, properties = {
        "loopwire.servers.io.host=127.0.0.1", "loopwire.servers.io.port=0", "loopwire.servers.io.dispatch=io",
        "loopwire.servers.pool.host=127.0.0.1", "loopwire.servers.pool.port=0", "loopwire.servers.pool.dispatch=pool" })
class ObservationsOffByDefaultIntegrationTests extends ObservedAppClient {

    @Test
    void whenNeitherObservationsNorTheHandlerTimerAreEnabledThenNoFrameIsObservedOrTimed() throws Exception {
        String reply = who("io", 1);
        assertThat(reply).as("MDC entry and current observation inside the handler").isEqualTo("null none");
        // the recorder runs before the reply is encoded: had the frame been timed, the timer would exist now
        assertThat(meters.find("loopwire.handler.duration").timers()).isEmpty();
        assertThat(recorder.stopped("io", "WHO")).isNull();
        assertThat(meters.find("loopwire.handler").timer()).isNull();
    }
}
