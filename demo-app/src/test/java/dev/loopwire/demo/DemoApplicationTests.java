package dev.loopwire.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** Starts the demo on random ports and drives every command of every server, plus the actuator. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "loopwire.servers.lines.port=0", "loopwire.servers.json.port=0", "loopwire.servers.echo.port=0"})
class DemoApplicationTests {

    @Value("${local.loopwire.lines.port}")
    private int linesPort;

    @Value("${local.loopwire.json.port}")
    private int jsonPort;

    @Value("${local.loopwire.echo.port}")
    private int echoPort;

    @Value("${local.server.port}")
    private int httpPort;

    private TcpClient lineClient;
    private TcpClient jsonClient;

    @BeforeEach
    void clients() {
        lineClient = TcpClient.create(1, LineFraming.defaults());
        jsonClient = TcpClient.create(1, LengthFieldFraming.defaults());
    }

    @AfterEach
    void closeClients() {
        lineClient.close();
        jsonClient.close();
    }

    @Test
    void whenEveryKeyValueCommandIsSentThenEachGetsItsLine() throws Exception {
        ClientConnection kv = lines();
        assertThat(ask(kv, "PING")).isEqualTo("+PONG");
        assertThat(ask(kv, "ping hello")).isEqualTo("hello");
        assertThat(ask(kv, "SET greeting hello world")).isEqualTo("+OK");
        assertThat(ask(kv, "GET greeting")).isEqualTo("hello world");
        assertThat(ask(kv, "GET missing")).isEqualTo("$nil");
        assertThat(ask(kv, "INCR counter")).isEqualTo(":1");
        assertThat(ask(kv, "incr counter")).isEqualTo(":2");
        assertThat(ask(kv, "INCR greeting")).isEqualTo("-ERR value of 'greeting' is not an integer");
        assertThat(ask(kv, "KEYS")).isEqualTo("*counter greeting");
        assertThat(ask(kv, "DEL counter")).isEqualTo(":1");
        assertThat(ask(kv, "DEL counter")).isEqualTo(":0");
        assertThat(ask(kv, "GET")).startsWith("-ERR wrong number of arguments for 'GET'");
        assertThat(ask(kv, "SET onlykey")).startsWith("-ERR wrong number of arguments for 'SET'");
        assertThat(ask(kv, "FLY away")).contains("unknown command").contains("FLY");
        assertThat(kv.isOpen()).isTrue();
        assertThat(ask(kv, "QUIT")).isEqualTo("+BYE");
        kv.closeFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void whenCommandsArePipelinedThenRepliesComeBackInOrder() throws Exception {
        ClientConnection kv = lines();
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            replies.add(kv.request(("INCR pipelined").getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < replies.size(); i++) {
            assertThat(new String(replies.get(i).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                    .isEqualTo(":" + (i + 1));
        }
    }

    @Test
    void whenJsonOrdersAreSentThenConfirmationsAndValidationErrorsComeBackAsJson() throws Exception {
        ClientConnection orders = jsonClient.connect("127.0.0.1", jsonPort);
        String accepted = ask(orders, "{\"item\":\"book\",\"quantity\":2}");
        assertThat(accepted).contains("\"status\":\"accepted\"").contains("\"item\":\"book\"").contains("\"quantity\":2");
        String rejected = ask(orders, "{\"item\":\"book\",\"quantity\":0}");
        assertThat(rejected).isEqualTo("{\"error\":\"invalid payload: quantity must be between 1 and 1000\"}");
        assertThat(ask(orders, "{\"item\":\" \",\"quantity\":1001}")).isEqualTo(
                "{\"error\":\"invalid payload: item must not be blank; quantity must be between 1 and 1000\"}");
        String unparsable = ask(orders, "{not json");
        assertThat(unparsable).contains("error");
        assertThat(orders.isOpen()).isTrue();
        assertThat(ask(orders, "{\"item\":\"pen\",\"quantity\":1}")).contains("\"status\":\"accepted\"");
    }

    @Test
    void whenLinesAreSentToTheEchoServerThenTheyComeBackUnchanged() throws Exception {
        TcpClient echoClient = TcpClient.create(1, LineFraming.defaults());
        try {
            ClientConnection echo = echoClient.connect("127.0.0.1", echoPort);
            assertThat(ask(echo, "anything at all")).isEqualTo("anything at all");
        } finally {
            echoClient.close();
        }
    }

    @Test
    void whenActuatorIsAskedThenHealthMetricsAndTheLoopwireEndpointAnswer() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(http, "/actuator/health/liveness")).contains("\"status\":\"UP\"").contains("loopwire"));
        assertThat(get(http, "/actuator/loopwire")).contains("lines").contains("json").contains("echo");
        assertThat(get(http, "/actuator/metrics/loopwire.connections.active")).contains("loopwire.connections.active");
        assertThat(get(http, "/actuator/prometheus")).contains("loopwire_");
    }

    private String get(HttpClient http, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** A connection to 'lines', which greets first. */
    private ClientConnection lines() throws Exception {
        ClientConnection connection = lineClient.connectExpectingGreeting("127.0.0.1", linesPort);
        assertThat(new String(connection.greeting().get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("+OK loopwire ready");
        return connection;
    }

    private static String ask(ClientConnection connection, String request) throws Exception {
        byte[] reply = connection.request(request.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        return new String(reply, StandardCharsets.UTF_8);
    }
}
