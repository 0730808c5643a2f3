package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LengthFieldFraming;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * A length-field server speaking JSON, routed by a one-byte type field in front of the JSON body; and a
 * JSON server with a single fallback handler. Real sockets on 127.0.0.1, port 0.
 */
@SpringBootTest(classes = JsonLengthFieldIntegrationTests.App.class, properties = {
        "loopwire.io-threads=1",
        "loopwire.servers.orders.host=127.0.0.1",
        "loopwire.servers.orders.port=0",
        "loopwire.servers.orders.framing=length-field",
        "loopwire.servers.orders.payload=json",
        "loopwire.servers.orders.length-field.type-field.length=1",
        "loopwire.servers.echo.host=127.0.0.1",
        "loopwire.servers.echo.port=0",
        "loopwire.servers.echo.framing=length-field",
        "loopwire.servers.echo.length-field.length=2",
        "loopwire.servers.echo.payload=json",
        "loopwire.servers.echo.dispatch=io" })
class JsonLengthFieldIntegrationTests {

    private final TcpClient client = TcpClient.create(1, LengthFieldFraming.defaults());

    @Value("${local.loopwire.orders.port}")
    private int ordersPort;

    @Value("${local.loopwire.echo.port}")
    private int echoPort;

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void whenJsonPojoSentThenPojoReplyIsWrittenAsJson() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", ordersPort);
        String reply = call(connection, 1, "{\"item\":\"tea\",\"quantity\":2}");
        assertThat(reply).isEqualTo("{\"item\":\"tea\",\"quantity\":2,\"status\":\"accepted\"}");
    }

    @Test
    void whenAsyncHandlersAnswerThenRepliesArriveInRequestOrder() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", ordersPort);
        CompletableFuture<byte[]> slow = connection.request(frame(2, "{\"item\":\"cake\",\"quantity\":1}"));
        CompletableFuture<byte[]> fast = connection.request(frame(1, "{\"item\":\"tea\",\"quantity\":3}"));
        CompletableFuture<byte[]> reply = connection.request(frame(3, "{\"item\":\"jam\",\"quantity\":5}"));
        assertThat(text(slow)).isEqualTo("{\"item\":\"cake\",\"quantity\":1,\"status\":\"queued\"}");
        assertThat(text(fast)).isEqualTo("{\"item\":\"tea\",\"quantity\":3,\"status\":\"accepted\"}");
        assertThat(text(reply)).isEqualTo("{\"id\":42}");
    }

    @Test
    void whenJsonDoesNotParseThenJsonErrorReplyAndConnectionStaysOpen() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", ordersPort);
        String error = call(connection, 1, "{\"item\": tea");
        assertThat(error).startsWith("{\"error\":\"invalid payload: ").endsWith("\"}");
        assertThat(call(connection, 1, "{\"item\":\"tea\",\"quantity\":1}")).contains("accepted");
    }

    @Test
    void whenJsonDoesNotMapThenJsonErrorReply() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", ordersPort);
        String error = call(connection, 1, "{\"item\":\"tea\",\"quantity\":\"many\"}");
        assertThat(error).startsWith("{\"error\":\"invalid payload: ");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void whenTypeIsUnknownThenJsonErrorReply() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", ordersPort);
        assertThat(call(connection, 9, "{}")).isEqualTo("{\"error\":\"unknown type 9\"}");
    }

    @Test
    void whenHandlerThrowsThenMessageIsJsonEscapedInTheErrorReply() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", ordersPort);
        assertThat(call(connection, 1, "{\"item\":\"\",\"quantity\":1}"))
                .isEqualTo("{\"error\":\"item must not be \\\"\\\"\"}");
    }

    @Test
    void whenServerHasOnlyAFallbackThenWholeFramesReachIt() throws Exception {
        try (TcpClient shortHeader = TcpClient.create(1, LengthFieldFraming.defaults().lengthFieldLength(2))) {
            ClientConnection connection = shortHeader.connect("127.0.0.1", echoPort);
            byte[] reply = connection.request("{\"item\":\"x\",\"quantity\":7}".getBytes(StandardCharsets.UTF_8))
                    .get(5, TimeUnit.SECONDS);
            assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("{\"item\":\"x\",\"quantity\":14}");
        }
    }

    private static String call(ClientConnection connection, int type, String json) throws Exception {
        return text(connection.request(frame(type, json)));
    }

    private static byte[] frame(int type, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) type;
        System.arraycopy(body, 0, frame, 1, body.length);
        return frame;
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    record Order(String item, int quantity) {
    }

    record Confirmation(String item, int quantity, String status) {
    }

    static class OrderHandlers {

        @MessageHandler(server = "orders", route = "1")
        Confirmation place(@Payload Order order) {
            if (order.item().isEmpty()) {
                throw new IllegalArgumentException("item must not be \"\"");
            }
            return new Confirmation(order.item(), order.quantity(), "accepted");
        }

        @MessageHandler(server = "orders", route = "0x02")
        CompletableFuture<Confirmation> queue(Order order) {
            return CompletableFuture.supplyAsync(() -> new Confirmation(order.item(), order.quantity(), "queued"),
                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        }

        @MessageHandler(server = "orders", route = "3")
        CompletableFuture<Reply> reply(Order order, Connection connection) {
            return CompletableFuture.completedFuture(Reply.of("{\"id\":42}".getBytes(StandardCharsets.UTF_8)));
        }

        @MessageHandler(server = "echo")
        Order doubled(Order order) {
            return new Order(order.item(), order.quantity() * 2);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        OrderHandlers orderHandlers() {
            return new OrderHandlers();
        }
    }
}
