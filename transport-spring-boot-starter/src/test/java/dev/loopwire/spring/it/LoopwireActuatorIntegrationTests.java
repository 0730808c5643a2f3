package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * The observability of a running starter application over HTTP: {@code /actuator/health} (with the
 * loopwire component and the liveness group), {@code /actuator/metrics/loopwire.connections.active} and
 * {@code /actuator/loopwire}, while connections open, carry traffic and close; and liveness going DOWN
 * while a handler blocks an {@code io} loop. 127.0.0.1, port 0 for both Tomcat and Loopwire.
 *
 * <p>Needs, test scope in the starter's pom: spring-boot-starter-webmvc and spring-boot-starter-actuator
 * (json-path comes with spring-boot-starter-test).
 */
@SpringBootTest(classes = LoopwireActuatorIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "server.address=127.0.0.1",
                "loopwire.metrics.handler-duration.enabled=true",
                "loopwire.io-threads=2",
                "loopwire.business.threads=2",
                "loopwire.servers.echo.host=127.0.0.1",
                "loopwire.servers.echo.port=0",
                "loopwire.servers.echo.framing=line",
                "loopwire.servers.echo.dispatch=pool",
                "loopwire.servers.inline.host=127.0.0.1",
                "loopwire.servers.inline.port=0",
                "loopwire.servers.inline.framing=line",
                "loopwire.servers.inline.dispatch=io",
                "loopwire.health.max-loop-lag=300ms",
                "management.endpoints.web.exposure.include=health,metrics,loopwire",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.group.liveness.include=livenessState,loopwire" })
class LoopwireActuatorIntegrationTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TcpClient client = TcpClient.create(1, LineFraming.defaults());

    @Value("${local.server.port}")
    private int httpPort;

    @Value("${local.loopwire.echo.port}")
    private int echoPort;

    @Value("${local.loopwire.inline.port}")
    private int inlinePort;

    @AfterEach
    void closeClient() {
        App.RELEASE.countDown(); // never leave a loop blocked
        client.close();
    }

    @Test
    void whenConnectionsOpenAndCloseThenHealthMetricsAndEndpointFollow() throws Exception {
        String health = get("/actuator/health");
        assertThat(JsonPath.<String>read(health, "$.components.loopwire.status")).isEqualTo("UP");
        assertThat(JsonPath.<Integer>read(health, "$.components.loopwire.details.servers.echo.port")).isEqualTo(echoPort);
        assertThat(JsonPath.<String>read(get("/actuator/health/liveness"), "$.status")).isEqualTo("UP");
        double before = activeConnections("echo");

        ClientConnection first = client.connect("127.0.0.1", echoPort);
        ClientConnection second = client.connect("127.0.0.1", echoPort);
        assertThat(call(first, "one")).isEqualTo("one");
        assertThat(call(second, "two")).isEqualTo("two");

        await().atMost(Duration.ofSeconds(5)).until(() -> activeConnections("echo") == before + 2);
        String endpoint = get("/actuator/loopwire");
        assertThat(JsonPath.<Integer>read(endpoint, "$.servers.echo.port")).isEqualTo(echoPort);
        assertThat(JsonPath.<String>read(endpoint, "$.servers.echo.dispatch")).isEqualTo("pool");
        assertThat(JsonPath.<String>read(endpoint, "$.servers.echo.framing.type")).isEqualTo("line");
        assertThat(JsonPath.<String>read(endpoint, "$.servers.echo.framing.delimiter")).isEqualTo("auto");
        assertThat(JsonPath.<Integer>read(endpoint, "$.servers.echo.framing.maxLineLength")).isEqualTo(8192);
        assertThat(JsonPath.<String>read(endpoint, "$.servers.echo.framing.onTooLong")).isEqualTo("close");
        assertThat(JsonPath.<Integer>read(endpoint, "$.servers.echo.connections")).isEqualTo((int) before + 2);
        assertThat(JsonPath.<Integer>read(endpoint, "$.servers.echo.traffic.framesReceived")).isGreaterThanOrEqualTo(2);
        assertThat(JsonPath.<String>read(endpoint, "$.servers.inline.dispatch")).isEqualTo("io");
        assertThat(JsonPath.<List<String>>read(endpoint, "$.loops.*.role")).contains("io", "accept");
        assertThat(JsonPath.<Integer>read(endpoint, "$.businessPool.maxThreads")).isEqualTo(2);
        assertThat(timerCount("echo")).isGreaterThanOrEqualTo(2);

        first.closeGracefully().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> activeConnections("echo") == before + 1);
        assertThat(JsonPath.<Integer>read(get("/actuator/loopwire/echo"), "$.connections")).isEqualTo((int) before + 1);
        assertThat(JsonPath.<Integer>read(get("/actuator/health"), "$.components.loopwire.details.servers.echo.connections"))
                .isEqualTo((int) before + 1);
    }

    @Test
    void whenHandlerBlocksAnIoLoopThenLivenessIsDownUntilItReturns() throws Exception {
        // UP before the block; this first request also initialises the servlet, outside the 2 s window below
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
        ClientConnection inline = client.connect("127.0.0.1", inlinePort);
        inline.sendFrame("block".getBytes(StandardCharsets.UTF_8));
        assertThat(App.BLOCKED.await(10, TimeUnit.SECONDS)).as("handler started blocking").isTrue();

        await().atMost(Duration.ofSeconds(2)).until(() -> status("/actuator/health/liveness") == 503);
        assertThat(get("/actuator/health")).contains("is stalled");

        App.RELEASE.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("/actuator/health/liveness") == 200);
    }

    private double activeConnections(String server) throws Exception {
        return JsonPath.<Number>read(get("/actuator/metrics/loopwire.connections.active?tag=server:" + server),
                "$.measurements[0].value").doubleValue();
    }

    private double timerCount(String server) throws Exception {
        String json = get("/actuator/metrics/loopwire.handler.duration?tag=server:" + server + "&tag=outcome:success");
        return JsonPath.<List<Number>>read(json, "$.measurements[?(@.statistic=='COUNT')].value").get(0).doubleValue();
    }

    private static String call(ClientConnection connection, String line) throws Exception {
        return new String(connection.request(line.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS),
                StandardCharsets.UTF_8);
    }

    private String get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int status(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        static final CountDownLatch BLOCKED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Bean
        Handlers handlers() {
            return new Handlers();
        }
    }

    static class Handlers {

        /** Echoes each line (fallback handler of {@code echo}). */
        @MessageHandler(server = "echo")
        String echo(String line) {
            return line;
        }

        /** Blocks its io loop until the test releases it, at most 30 s. */
        @MessageHandler(server = "inline")
        String inline(String line) throws InterruptedException {
            if (line.equals("block")) {
                App.BLOCKED.countDown();
                App.RELEASE.await(30, TimeUnit.SECONDS);
            }
            return line;
        }
    }
}
