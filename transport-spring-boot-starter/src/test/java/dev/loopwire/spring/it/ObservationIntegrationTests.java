package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.observation.LoopwireHandlerContext;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With Spring Boot's {@link ObservationRegistry} (actuator on the classpath) and
 * {@code loopwire.observations.enabled=true}, each frame is one
 * {@code loopwire.handler} observation, current (with the MDC entry {@code loopwire.connection}) on the
 * thread that runs the handler, in io, pool and virtual dispatch, and on the thread that completes an
 * asynchronous reply.
 */
@SpringBootTest(classes = ObservationIntegrationTests.App.class, properties = { "loopwire.observations.enabled=true",
        "loopwire.servers.io.host=127.0.0.1", "loopwire.servers.io.port=0", "loopwire.servers.io.dispatch=io",
        "loopwire.servers.pool.host=127.0.0.1", "loopwire.servers.pool.port=0", "loopwire.servers.pool.dispatch=pool" })
class ObservationIntegrationTests {

    private final TcpClient client = TcpClient.create(1, LineFraming.defaults());

    @Autowired
    private Environment environment;

    @Autowired
    private Recorder recorder;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void closeClient() {
        client.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "io", "pool" })
    void whenAFrameIsHandledThenTheObservationAndMdcAreCurrentOnTheHandlerThread(String server) throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", port(server));
        String reply = call(connection, "WHO");
        String[] parts = reply.split(" ");
        assertThat(parts[0]).as("MDC loopwire.connection in the handler").isNotEqualTo("null").matches("\\d+");
        assertThat(parts[1]).as("current observation in the handler").isEqualTo("loopwire.handler");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.stopped(server, "WHO") != null);
        LoopwireHandlerContext context = recorder.stopped(server, "WHO");
        assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
        assertThat(context.getLowCardinalityKeyValue("loopwire.server").getValue()).isEqualTo(server);
        assertThat(context.getHighCardinalityKeyValue("loopwire.connection.id").getValue()).isEqualTo(parts[0]);
        // Spring Boot's DefaultMeterObservationHandler turns the observation into a timer named after it
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("loopwire.handler")
                .tags("loopwire.server", server, "loopwire.route", "WHO", "outcome", "success").timer() != null);
    }

    @ParameterizedTest
    @ValueSource(strings = { "io", "pool" })
    void whenTheReplyCompletesOnAnotherThreadThenTheObservationIsCurrentThereWithTheMdcAndStopsThere(String server) throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", port(server));
        assertThat(call(connection, "LATER")).isEqualTo("later");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.stopped(server, "LATER") != null);
        assertThat(recorder.stopThreads(server, "LATER")).singleElement().isEqualTo("completer");
        assertThat(recorder.scopes(server, "LATER")).as("scopes opened: handler thread, then completing thread")
                .anyMatch(scope -> scope.matches("completer \\d+"));
    }

    private int port(String server) {
        return environment.getRequiredProperty("local.loopwire." + server + ".port", Integer.class);
    }

    private static String call(ClientConnection connection, String line) throws Exception {
        return new String(connection.request(line.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS),
                StandardCharsets.UTF_8);
    }

    /** Records handler observations' stops (with the thread) and scope openings (with the thread and MDC entry). */
    static class Recorder implements ObservationHandler<LoopwireHandlerContext> {

        record Stop(LoopwireHandlerContext context, String thread, String mdc) {
        }

        private final List<Stop> stops = new CopyOnWriteArrayList<>();
        private final List<Stop> scopes = new CopyOnWriteArrayList<>();

        @Override
        public void onScopeOpened(LoopwireHandlerContext context) {
            scopes.add(new Stop(context, Thread.currentThread().getName(), MDC.get("loopwire.connection")));
        }

        @Override
        public void onStop(LoopwireHandlerContext context) {
            stops.add(new Stop(context, Thread.currentThread().getName(), MDC.get("loopwire.connection")));
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof LoopwireHandlerContext;
        }

        LoopwireHandlerContext stopped(String server, String route) {
            return stops.stream().filter(stop -> stop.context.server().equals(server)
                    && stop.context.route().equals(route)).map(Stop::context).findFirst().orElse(null);
        }

        List<String> stopThreads(String server, String route) {
            return stops.stream().filter(stop -> stop.context.server().equals(server)
                    && stop.context.route().equals(route)).map(Stop::thread).toList();
        }

        /** "thread mdc" of each scope opened for the route. */
        List<String> scopes(String server, String route) {
            return scopes.stream().filter(scope -> scope.context.server().equals(server)
                    && scope.context.route().equals(route)).map(scope -> scope.thread + " " + scope.mdc).toList();
        }
    }

    static class Handlers {

        private final ObservationRegistry registry;

        Handlers(ObservationRegistry registry) {
            this.registry = registry;
        }

        @MessageHandler(server = "io", route = "WHO")
        String whoOnIo() {
            return who();
        }

        @MessageHandler(server = "pool", route = "WHO")
        String whoOnPool() {
            return who();
        }

        @MessageHandler(server = "io", route = "LATER")
        CompletableFuture<String> laterOnIo() {
            return later();
        }

        @MessageHandler(server = "pool", route = "LATER")
        CompletableFuture<String> laterOnPool() {
            return later();
        }

        private String who() {
            Observation current = registry.getCurrentObservation();
            return MDC.get("loopwire.connection") + " " + (current == null ? "none" : current.getContext().getName());
        }

        private static CompletableFuture<String> later() {
            CompletableFuture<String> reply = new CompletableFuture<>();
            Thread completer = new Thread(() -> {
                try {
                    Thread.sleep(20); // the point: the reply completes after the handler has returned
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply.complete("later");
            }, "completer");
            completer.start();
            return reply;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Handlers handlers(ObservationRegistry registry) {
            return new Handlers(registry);
        }
    }
}
