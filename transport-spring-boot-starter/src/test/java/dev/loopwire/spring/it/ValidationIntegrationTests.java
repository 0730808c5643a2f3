package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.validation.annotation.Validated;

/**
 * {@code @Valid}/{@code @Validated} payloads with spring-boot-starter-validation on the classpath, over real
 * sockets: a violation is answered with the server's error reply naming the fields, counted, the method
 * does not run, and the connection stays open.
 */
@SpringBootTest(classes = ValidationIntegrationTests.App.class, properties = {
        "loopwire.metrics.handler-duration.enabled=true",
        "loopwire.servers.lines.host=127.0.0.1",
        "loopwire.servers.lines.port=0",
        "loopwire.servers.lines.payload=json",
        "loopwire.servers.lines.error-reply=-ERR %s",
        "loopwire.servers.orders.host=127.0.0.1",
        "loopwire.servers.orders.port=0",
        "loopwire.servers.orders.framing=length-field",
        "loopwire.servers.orders.payload=json",
        "loopwire.servers.orders.dispatch=io",
        "loopwire.servers.orders.length-field.type-field.length=1" })
class ValidationIntegrationTests {

    private final TcpClient lineClient = TcpClient.create(1, LineFraming.defaults());
    private final TcpClient jsonClient = TcpClient.create(1, LengthFieldFraming.defaults());

    @Value("${local.loopwire.lines.port}")
    private int linesPort;

    @Value("${local.loopwire.orders.port}")
    private int ordersPort;

    @Autowired
    private Handlers handlers;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private LoopwireServers servers;

    @AfterEach
    void closeClients() {
        lineClient.close();
        jsonClient.close();
    }

    @Test
    void whenJsonPayloadViolatesConstraintsThenErrorReplyNamesTheFieldsAndConnectionStaysOpen() throws Exception {
        ClientConnection connection = jsonClient.connect("127.0.0.1", ordersPort);
        int calls = handlers.orders.get();
        assertThat(call(connection, 1, "{\"symbol\":\"\",\"quantity\":0}")).isEqualTo(
                "{\"error\":\"invalid payload: quantity must be greater than or equal to 1; symbol must not be blank\"}");
        assertThat(handlers.orders.get()).as("the method did not run").isEqualTo(calls);
        assertThat(call(connection, 1, "{\"symbol\":\"ACME\",\"quantity\":5000}"))
                .isEqualTo("{\"error\":\"invalid payload: quantity must be less than or equal to 1000\"}");
        assertThat(connection.isOpen()).isTrue();
        assertThat(call(connection, 1, "{\"symbol\":\"ACME\",\"quantity\":10}")).isEqualTo("ok ACME 10");
        assertThat(meters.get("loopwire.frames.rejected").tags("server", "orders", "reason", "invalid").counter()
                .count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("loopwire.handler.duration").tags("server", "orders", "route", "1", "outcome", "invalid")
                .timer().count()).isGreaterThanOrEqualTo(2);
        assertThat(servers.server("orders").orElseThrow().stats().handlerErrors()).as("a client's mistake, not a handler failure")
                .isZero();
    }

    @Test
    void whenLinePayloadViolatesValidatedConstraintThenTextErrorReplyAndTheNextCommandIsServed() throws Exception {
        ClientConnection connection = lineClient.connect("127.0.0.1", linesPort);
        assertThat(line(connection, "NAME {\"value\":\"x1\"}"))
                .isEqualTo("-ERR invalid payload: value size must be between 3 and 8");
        assertThat(connection.isOpen()).isTrue();
        assertThat(line(connection, "NAME {\"value\":\"ada\"}")).isEqualTo("hello ada");
        assertThat(line(connection, "CODE {\"code\":\"12\"}")).isEqualTo("-ERR invalid payload: code must be 3 digits");
        assertThat(line(connection, "CODE {\"code\":\"123\"}")).isEqualTo("code 123");
    }

    @Test
    void whenTheParameterIsNotMarkedValidThenItIsNotValidatedAndTakesTheFastPath() throws Exception {
        ClientConnection connection = jsonClient.connect("127.0.0.1", ordersPort);
        assertThat(call(connection, 2, "{\"symbol\":\"\",\"quantity\":0}")).isEqualTo("unchecked  0");
    }

    private static String call(ClientConnection connection, int type, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) type;
        System.arraycopy(body, 0, frame, 1, body.length);
        return new String(connection.request(frame).get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static String line(ClientConnection connection, String text) throws Exception {
        return new String(connection.request(text.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS),
                StandardCharsets.UTF_8);
    }

    public record Order(@NotBlank String symbol, @Min(1) @Max(1000) int quantity) {
    }

    public record Name(@Size(min = 3, max = 8) String value) {
    }

    public record Code(@Pattern(regexp = "[0-9]{3}", message = "must be 3 digits") String code) {
    }

    static class Handlers {

        final AtomicInteger orders = new AtomicInteger();

        @MessageHandler(server = "orders", route = "1")
        String order(@Valid Order order) {
            orders.incrementAndGet();
            return "ok " + order.symbol() + " " + order.quantity();
        }

        @MessageHandler(server = "orders", route = "2")
        String unchecked(Order order) {
            return "unchecked " + order.symbol() + " " + order.quantity();
        }

        @MessageHandler(server = "lines", route = "NAME")
        String name(@Payload @Validated Name name) {
            return "hello " + name.value();
        }

        @MessageHandler(server = "lines", route = "CODE")
        String code(@Valid Code code) {
            return "code " + code.code();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Handlers handlers() {
            return new Handlers();
        }
    }
}
