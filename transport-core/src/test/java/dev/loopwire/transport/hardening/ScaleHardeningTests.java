package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scale: many concurrent connections held open against a server in its own JVM, with traffic on a sample
 * of them, measuring the server's heap per idle connection; and a graceful shutdown with 10,000 pipelined
 * requests accepted and not yet answered.
 */
class ScaleHardeningTests {

    /** Heap the server may spend per idle connection. */
    private static final long HEAP_PER_CONNECTION_TARGET = 2048;

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenTwoThousandConnectionsAreHeldThenASampleOfThemIsServed(Dispatch dispatch) throws Exception {
        holdConnections(2_000, dispatch);
    }

    @Test
    @Tag("long")
    void whenTenThousandConnectionsAreHeldThenASampleOfThemIsServed() throws Exception {
        holdConnections(10_000, Dispatch.POOL);
    }

    private static void holdConnections(int count, Dispatch dispatch) throws Exception {
        List<SocketChannel> clients = new ArrayList<>(count);
        try (ChildServer child = ChildServer.start(count + 1_000, "256m", dispatch, count + 100, 2)) {
            echo(open(child.port(), clients)); // loads the server's classes before the baseline
            clients.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> child.stats().active() == 0);
            long baseline = child.liveHeapBytes();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                open(child.port(), clients);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> child.stats().active() == count);
            long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long idle = child.liveHeapBytes();
            double perIdle = (double) (idle - baseline) / count;

            // traffic on a sample of 1 in 20, spread over the whole set
            int sample = 0;
            for (int i = 0; i < count; i += 20) {
                echo(clients.get(i));
                sample++;
            }
            long afterTraffic = child.liveHeapBytes();
            double perAfterTraffic = (double) (afterTraffic - baseline) / count;
            assertThat(child.stats().active()).isEqualTo(count);
            assertThat(child.stats().frames()).isEqualTo(sample + 1L);
            assertThat(perIdle).isLessThanOrEqualTo(HEAP_PER_CONNECTION_TARGET);
            report("%d connections (%s): connected in %d ms; server heap per idle connection %.0f bytes, "
                    + "%.0f bytes after traffic on %d of them", count, dispatch, connectMillis, perIdle,
                    perAfterTraffic, sample);

            for (SocketChannel client : clients) {
                client.close();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> child.stats().active() == 0);
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    private static SocketChannel open(int port, List<SocketChannel> into) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        into.add(channel);
        return channel;
    }

    /** One blocking request and reply on a raw channel. */
    private static void echo(SocketChannel channel) throws IOException {
        byte[] request = "ping-sample\n".getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.wrap(request));
        ByteBuffer reply = ByteBuffer.allocate(request.length);
        Socket socket = channel.socket();
        socket.setSoTimeout(10_000);
        while (reply.hasRemaining()) {
            int n = socket.getInputStream().read(reply.array(), reply.position(), reply.remaining());
            assertThat(n).isPositive();
            reply.position(reply.position() + n);
        }
        assertThat(reply.array()).isEqualTo(request);
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenShuttingDownGracefullyThenTenThousandPipelinedRequestsAreAnsweredAndNewConnectionsRefused(Dispatch dispatch)
            throws Exception {
        shutdownWithRequestsInFlight(dispatch, 100, 100);
    }

    @Test
    @Tag("long")
    void whenShuttingDownGracefullyThenFiftyThousandPipelinedRequestsAreAnswered() throws Exception {
        shutdownWithRequestsInFlight(Dispatch.POOL, 500, 100);
    }

    private static void shutdownWithRequestsInFlight(Dispatch dispatch, int connections, int perConnection)
            throws Exception {
        int total = connections * perConnection;
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        TcpServer server = new TcpServer(TcpServerConfig.builder((c, frame) -> {
            if (dispatch == Dispatch.IO) {
                return Reply.later(opened.thenApply(v -> frame)); // io handlers must not block
            }
            gate.await(30, TimeUnit.SECONDS);
            return Reply.of(frame);
        }).name("drain-" + total + "-" + dispatch).host("127.0.0.1").dispatch(dispatch).ioThreads(2)
                .maxPendingFrames(total + 1).maxConnections(connections + 10).build()).start();
        int port = server.port();
        try (TcpClient client = TcpClient.create(2, LineFraming.defaults())) {
            List<CompletableFuture<byte[]>> replies = new ArrayList<>(total);
            List<ClientConnection> clients = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                ClientConnection connection = client.connect("127.0.0.1", port);
                clients.add(connection);
                for (int i = 0; i < perConnection; i++) {
                    replies.add(connection.request(request(c, i)));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().framesReceived() == total);

            long start = System.nanoTime();
            Duration timeout = Duration.ofSeconds(30);
            CompletableFuture<Void> stopped = server.shutdownGracefully(timeout);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class));
            assertThat(stopped).isNotDone();
            gate.countDown();
            opened.complete(null);

            for (int c = 0; c < connections; c++) {
                for (int i = 0; i < perConnection; i++) {
                    assertThat(replies.get(c * perConnection + i).get(30, TimeUnit.SECONDS)).isEqualTo(request(c, i));
                }
            }
            stopped.get(timeout.toSeconds(), TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (ClientConnection connection : clients) {
                connection.closeFuture().get(5, TimeUnit.SECONDS);
            }
            assertThat(server.stats().repliesSent()).isEqualTo(total);
            assertThat(server.stats().activeConnections()).isZero();
            assertThat(tookMillis).isLessThan(timeout.toMillis());
            report("graceful shutdown (%s): %d pipelined requests on %d connections all answered, stopped %d ms "
                    + "after the shutdown began (timeout %d s)", dispatch, total, connections, tookMillis,
                    timeout.toSeconds());
        } finally {
            gate.countDown();
            opened.complete(null);
            server.shutdownGracefully(Duration.ofSeconds(1)).join();
        }
    }

    private static byte[] request(int connection, int i) {
        return ("c" + connection + "-r" + i).getBytes(StandardCharsets.US_ASCII);
    }
}
