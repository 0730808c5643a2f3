package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * With {@code loopwire.metrics.handler-duration.enabled=true} and observations left off, every frame is timed
 * as {@code loopwire.handler.duration} and none is observed.
 */
@SpringBootTest(classes = ObservationIntegrationTests.App.class, properties = {
        "loopwire.metrics.handler-duration.enabled=true",
        "loopwire.servers.io.host=127.0.0.1", "loopwire.servers.io.port=0", "loopwire.servers.io.dispatch=io",
        "loopwire.servers.pool.host=127.0.0.1", "loopwire.servers.pool.port=0", "loopwire.servers.pool.dispatch=pool" })
class HandlerTimerOnIntegrationTests {

    private final TcpClient client = TcpClient.create(1, LineFraming.defaults());

    @Autowired
    private Environment environment;

    @Autowired
    private ObservationIntegrationTests.Recorder recorder;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void whenOnlyTheHandlerTimerIsEnabledThenEveryFrameIsTimedAndNoneIsObserved() throws Exception {
        int port = environment.getRequiredProperty("local.loopwire.io.port", Integer.class);
        ClientConnection connection = client.connect("127.0.0.1", port);
        for (int i = 0; i < 3; i++) {
            String reply = new String(connection.request("WHO".getBytes(StandardCharsets.UTF_8))
                    .get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertThat(reply).isEqualTo("null none");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("loopwire.handler.duration")
                .tags("server", "io", "route", "WHO", "outcome", "success").timers().stream()
                .anyMatch(timer -> timer.count() == 3));
        assertThat(recorder.stopped("io", "WHO")).isNull();
        assertThat(meters.find("loopwire.handler").timer()).isNull();
    }
}
