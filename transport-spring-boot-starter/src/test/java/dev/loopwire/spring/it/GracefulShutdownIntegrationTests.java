package dev.loopwire.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** Closing the context answers every pipelined request already read, then closes. */
class GracefulShutdownIntegrationTests {

    private static final int CONNECTIONS = 2;
    private static final int REQUESTS_PER_CONNECTION = 10;

    @Test
    void whenContextClosesWithPipelinedRequestsInFlightThenAllAreAnsweredInOrder() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("loopwire.io-threads=1", "loopwire.business.threads=4",
                        "loopwire.servers.slow.host=127.0.0.1", "loopwire.servers.slow.port=0",
                        "spring.lifecycle.timeout-per-shutdown-phase=10s")
                .run();
        GatedHandler handler = context.getBean(GatedHandler.class);
        TcpServer server = context.getBean(LoopwireServers.class).server("slow").orElseThrow();
        int port = server.port();
        try (TcpClient client = TcpClient.create(1, LineFraming.defaults())) {
            List<List<CompletableFuture<byte[]>>> replies = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                ClientConnection connection = client.connect("127.0.0.1", port);
                List<CompletableFuture<byte[]>> perConnection = new ArrayList<>();
                for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                    perConnection.add(connection.request(("WORK " + c + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                replies.add(perConnection);
            }
            int total = CONNECTIONS * REQUESTS_PER_CONNECTION;
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().framesReceived() == total);
            await().atMost(Duration.ofSeconds(5)).until(() -> handler.entered.getCount() == 0);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.state() != TcpServer.State.RUNNING);
            assertThat(server.stats().repliesSent()).isLessThan(total);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());

            handler.gate.countDown();
            for (int c = 0; c < CONNECTIONS; c++) {
                for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                    byte[] reply = replies.get(c).get(i).get(5, TimeUnit.SECONDS);
                    assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("done " + c + "-" + i);
                }
            }
            closing.get(10, TimeUnit.SECONDS);
            assertThat(server.state()).isEqualTo(TcpServer.State.STOPPED);
            assertThat(server.stats().activeConnections()).isZero();
        } finally {
            handler.gate.countDown();
            context.close();
        }
    }

    /** Blocks every request until the test opens the gate. */
    static class GatedHandler {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);

        @MessageHandler(route = "WORK")
        String work(String id) throws InterruptedException {
            entered.countDown();
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            return "done " + id;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        GatedHandler gatedHandler() {
            return new GatedHandler();
        }
    }
}
