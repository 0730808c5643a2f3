package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shutdown answers every request already read, then closes; the port is released. */
class GracefulShutdownTests {

    private static final int CONNECTIONS = 4;
    private static final int REQUESTS = 250;

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenShutdownStartsWithRequestsInFlightThenAllAreAnsweredAndThePortIsReleased(Dispatch dispatch)
            throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        TcpServer server = new TcpServer(TcpServerConfig.builder((c, frame) -> {
            if (dispatch == Dispatch.IO) {
                // an io handler must not block: hold the replies back asynchronously instead
                return Reply.later(opened.thenApply(v -> frame));
            }
            awaitQuietly(gate);
            return Reply.of(frame);
        }).name("drain-" + dispatch).host("127.0.0.1").dispatch(dispatch).ioThreads(2).build()).start();
        int port = server.port();
        try (TcpClient client = TcpClient.create(1, LineFraming.defaults())) {
            List<ClientConnection> connections = new ArrayList<>();
            List<List<CompletableFuture<byte[]>>> replies = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                ClientConnection connection = client.connect("127.0.0.1", port);
                connections.add(connection);
                List<CompletableFuture<byte[]>> perConnection = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    perConnection.add(connection.request(("c" + c + "-r" + i).getBytes(StandardCharsets.US_ASCII)));
                }
                replies.add(perConnection);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.stats().framesReceived() == (long) CONNECTIONS * REQUESTS);

            CompletableFuture<Void> stopped = server.shutdownGracefully(Duration.ofSeconds(20));
            assertThat(stopped).isNotDone();
            // new connections are refused while draining: the listening socket is already closed
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class));

            gate.countDown();
            opened.complete(null);
            for (int c = 0; c < CONNECTIONS; c++) {
                for (int i = 0; i < REQUESTS; i++) {
                    assertThat(new String(replies.get(c).get(i).get(20, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
                            .isEqualTo("c" + c + "-r" + i);
                }
            }
            stopped.get(20, TimeUnit.SECONDS);
            for (ClientConnection connection : connections) {
                connection.closeFuture().get(5, TimeUnit.SECONDS);
            }
            assertThat(server.state()).isEqualTo(TcpServer.State.STOPPED);
            assertThat(server.stats().activeConnections()).isZero();
            try (ServerSocket rebound = new ServerSocket()) {
                rebound.setReuseAddress(true);
                rebound.bind(new InetSocketAddress("127.0.0.1", port));
                assertThat(rebound.getLocalPort()).isEqualTo(port);
            }
        } finally {
            gate.countDown();
            opened.complete(null);
            server.shutdownGracefully(Duration.ofSeconds(1)).join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
