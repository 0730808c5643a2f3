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
 * Without {@code loopwire.observations.enabled} and {@code loopwire.metrics.handler-duration.enabled}, an
 * application with Spring Boot's observation registry (and a handler for Loopwire's contexts) observes and times
 * no frame: no observation, no MDC entry, no {@code loopwire.handler} timer from an observation and no
 * {@code loopwire.handler.duration} timer;
 * {@link HandlerTimerOnIntegrationTests} turns the timer on alone.
 */
@SpringBootTest(classes = ObservationIntegrationTests.App.class, properties = {
        "loopwire.servers.io.host=127.0.0.1", "loopwire.servers.io.port=0", "loopwire.servers.io.dispatch=io",
        "loopwire.servers.pool.host=127.0.0.1", "loopwire.servers.pool.port=0", "loopwire.servers.pool.dispatch=pool" })
class ObservationsOffByDefaultIntegrationTests {

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
    void whenNeitherObservationsNorTheHandlerTimerAreEnabledThenNoFrameIsObservedOrTimed() throws Exception {
        int port = environment.getRequiredProperty("local.loopwire.io.port", Integer.class);
        ClientConnection connection = client.connect("127.0.0.1", port);
        String reply = new String(connection.request("WHO".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS),
                StandardCharsets.UTF_8);
        assertThat(reply).as("MDC entry and current observation inside the handler").isEqualTo("null none");
        // the recorder runs before the reply is encoded: had the frame been timed, the timer would exist now
        assertThat(meters.find("loopwire.handler.duration").timers()).isEmpty();
        assertThat(recorder.stopped("io", "WHO")).isNull();
        assertThat(meters.find("loopwire.handler").timer()).isNull();
    }
}
