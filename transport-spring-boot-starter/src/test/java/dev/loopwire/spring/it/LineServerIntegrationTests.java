package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;

/** A line server with routed handlers, over real sockets on 127.0.0.1, port 0. */
@SpringBootTest(classes = LineServerIntegrationTests.App.class, properties = {
        "loopwire.io-threads=2",
        "loopwire.business.threads=4",
        "loopwire.servers.lines.host=127.0.0.1",
        "loopwire.servers.lines.port=0",
        "loopwire.servers.strict.host=127.0.0.1",
        "loopwire.servers.strict.port=0",
        "loopwire.servers.strict.dispatch=io",
        "loopwire.servers.strict.on-error=close" })
class LineServerIntegrationTests {

    private final TcpClient client = TcpClient.create(1, LineFraming.defaults());

    @Value("${local.loopwire.lines.port}")
    private int linesPort;

    @Value("${local.loopwire.strict.port}")
    private int strictPort;

    @Autowired
    private LoopwireServers servers;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void whenRoutedCommandsThenEachHandlerAnswersCaseInsensitively() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        assertThat(call(connection, "SET user:1 Ada Lovelace")).isEqualTo("OK");
        assertThat(call(connection, "get user:1")).isEqualTo("Ada Lovelace");
        connection.sendFrame("DEL user:1".getBytes(StandardCharsets.UTF_8)); // no reply
        assertThat(call(connection, "Get   user:1")).isEqualTo("(nil)");
        assertThat(call(connection, "BYTES raw")).isEqualTo("raw");
    }

    @Test
    void whenAnAsyncHandlerRepliesAndClosesThenEarlierRepliesComeFirstAndTheConnectionCloses() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        CompletableFuture<byte[]> set = connection.request(bytes("SET bye soon"));
        CompletableFuture<byte[]> quit = connection.request(bytes("QUIT"));
        assertThat(new String(set.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("OK");
        assertThat(new String(quit.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("BYE");
        connection.closeFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void whenServerListensThenPortPropertyAndRegistryAgree() {
        assertThat(servers.server("lines")).hasValueSatisfying(server -> assertThat(server.port()).isEqualTo(linesPort));
        assertThat(linesPort).isPositive().isNotEqualTo(strictPort);
    }

    @Test
    void whenHeadersAndConnectionRequestedThenTheyAreInjected() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        assertThat(call(connection, "WHO")).isEqualTo("lines WHO true");
    }

    @Test
    void whenUnknownCommandThenErrorReplyAndConnectionStaysOpen() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        double unroutedBefore = unrouted();
        assertThat(call(connection, "FOO bar")).isEqualTo("-ERR unknown command 'FOO'");
        assertThat(call(connection, "SET k v")).isEqualTo("OK");
        assertThat(unrouted()).isEqualTo(unroutedBefore + 1);
    }

    private double unrouted() {
        Counter counter = meters.find("loopwire.frames.rejected").tags("server", "lines", "reason", "no-route").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void whenHandlerThrowsThenErrorReplyAndLaterFramesStillRun() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        CompletableFuture<byte[]> failed = connection.request(bytes("BOOM"));
        CompletableFuture<byte[]> usage = connection.request(bytes("SET only-a-key"));
        CompletableFuture<byte[]> after = connection.request(bytes("SET k v"));
        assertThat(text(failed)).isEqualTo("-ERR boom");
        assertThat(text(usage)).isEqualTo("-ERR usage: SET key value");
        assertThat(text(after)).isEqualTo("OK");
    }

    @Test
    void whenAsyncReplyFailsThenErrorReplyInItsPlace() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        CompletableFuture<byte[]> failed = connection.request(bytes("FAILLATER"));
        CompletableFuture<byte[]> next = connection.request(bytes("GET nothing"));
        assertThat(text(failed)).isEqualTo("-ERR async boom");
        assertThat(text(next)).isEqualTo("(nil)");
    }

    @Test
    void whenMessageExceptionHandlerMatchesThenItsReplyIsSent() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        assertThat(call(connection, "QUOTA")).isEqualTo("-BUSY try again later");
    }

    @Test
    void whenAsyncRepliesArePipelinedThenRepliesKeepRequestOrder() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        replies.add(connection.request(bytes("SLOW a")));
        for (int i = 0; i < 5; i++) {
            replies.add(connection.request(bytes("GET missing-" + i)));
        }
        replies.add(connection.request(bytes("SLOW b")));
        List<String> texts = new ArrayList<>();
        for (CompletableFuture<byte[]> reply : replies) {
            texts.add(text(reply));
        }
        assertThat(texts).containsExactly("slow a", "(nil)", "(nil)", "(nil)", "(nil)", "(nil)", "slow b");
    }

    @Test
    void whenPayloadIsInvalidUtf8ThenErrorReplyAndConnectionStaysOpen() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", linesPort);
        byte[] invalid = { 'G', 'E', 'T', ' ', (byte) 0xC3, (byte) 0x28 };
        assertThat(text(connection.request(invalid))).isEqualTo("-ERR invalid payload: payload is not valid UTF-8 text");
        assertThat(call(connection, "SET k v")).isEqualTo("OK");
    }

    @Test
    void whenPlainSocketSendsCrlfLinesLikeNcThenEachLineIsAnswered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", linesPort)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("SET greeting héllo\r\nGET greeting\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("OK");
            assertThat(in.readLine()).isEqualTo("héllo");
        }
    }

    @Test
    void whenOnErrorIsCloseThenUnknownCommandClosesTheConnectionAfterEarlierReplies() throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", strictPort);
        CompletableFuture<byte[]> first = connection.request(bytes("PING"));
        CompletableFuture<byte[]> unknown = connection.request(bytes("NOPE"));
        assertThat(text(first)).isEqualTo("PONG");
        await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isOpen());
        assertThat(unknown).isCompletedExceptionally();
    }

    private static String call(ClientConnection connection, String line) throws Exception {
        return text(connection.request(bytes(line)));
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        KvHandlers kvHandlers() {
            return new KvHandlers();
        }

        @Bean
        PingHandler pingHandler() {
            return new PingHandler();
        }
    }

    static class PingHandler {

        @MessageHandler(server = "strict", route = "PING")
        String ping() {
            return "PONG";
        }
    }
}
