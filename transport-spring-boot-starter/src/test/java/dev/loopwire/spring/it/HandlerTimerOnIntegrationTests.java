package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With {@code loopwire.metrics.handler-duration.enabled=true} and observations left off, every frame is timed
 * as {@code loopwire.handler.duration} and none is observed.
 */
@SpringBootTest(classes = ObservationIntegrationTests.App.class, properties = {
        "loopwire.metrics.handler-duration.enabled=true",
        "loopwire.servers.io.host=127.0.0.1", "loopwire.servers.io.port=0", "loopwire.servers.io.dispatch=io",
        "loopwire.servers.pool.host=127.0.0.1", "loopwire.servers.pool.port=0", "loopwire.servers.pool.dispatch=pool" })
class HandlerTimerOnIntegrationTests extends ObservedAppClient {

    @Test
    void whenOnlyTheHandlerTimerIsEnabledThenEveryFrameIsTimedAndNoneIsObserved() throws Exception {
        assertThat(who("io", 3)).isEqualTo("null none");
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("loopwire.handler.duration")
                .tags("server", "io", "route", "WHO", "outcome", "success").timers().stream()
                .anyMatch(timer -> timer.count() == 3));
        assertThat(recorder.stopped("io", "WHO")).isNull();
        assertThat(meters.find("loopwire.handler").timer()).isNull();
    }
}
