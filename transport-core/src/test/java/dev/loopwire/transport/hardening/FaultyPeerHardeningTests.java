package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.report;
import static dev.loopwire.transport.hardening.Hardening.bytes;
import static dev.loopwire.transport.hardening.Hardening.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.server.ServerFixture;
import dev.loopwire.transport.server.SocketOptions;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.ServerStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faulty peers over real sockets: reset or end of input in the middle of a frame, reset in the middle of
 * the replies, half-close after pipelined requests, and a peer that never reads its replies. Each outcome
 * is counted, the server's gauges return to zero, and another client is served throughout.
 */
class FaultyPeerHardeningTests {

    private static final int LOW_WATERMARK = 32 * 1024;
    private static final int HIGH_WATERMARK = 64 * 1024;
    /** each request line is this long on the wire, newline included */
    private static final int REQUEST_BYTES = 100;
    /** each reply is this long on the wire: a 10x amplification */
    private static final int REPLY_BYTES = 1000;

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenPeerResetsInTheMiddleOfAFrameThenItIsCountedAndOthersAreServed(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(echo("reset-frame-" + dispatch, dispatch))) {
            ClientConnection bystander = fixture.connect();
            Socket peer = new Socket("127.0.0.1", fixture.port());
            peer.getOutputStream().write(bytes("whole\nhalf a fra"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server().stats().bytesReceived() >= 16);
            peer.setSoLinger(true, 0);
            peer.close(); // RST with a partial frame in the server's cumulation

            ServerStats stats = fixture.server().stats();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.connectionsReset() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.activeConnections() == 1);
            assertThat(stats.framesReceived()).isEqualTo(1);
            assertThat(text(bystander.request(bytes("still here")))).isEqualTo("still here");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenInputEndsInTheMiddleOfAFrameThenWholeFramesAreAnsweredAndTheDroppedPartIsCounted(Dispatch dispatch)
            throws Exception {
        try (ServerFixture fixture = ServerFixture.start(echo("eof-frame-" + dispatch, dispatch));
                Socket peer = new Socket("127.0.0.1", fixture.port())) {
            peer.setSoTimeout(10_000);
            peer.getOutputStream().write(bytes("one\ntwo\nthree but no newl"));
            peer.shutdownOutput();

            assertThat(readUntilClosed(peer)).isEqualTo("one\ntwo\n");
            ServerStats stats = fixture.server().stats();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.partialFramesDropped() == 1);
            assertThat(stats.connectionsReset()).isZero();
            assertThat(stats.framesReceived()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenPeerResetsWhileRepliesAreWrittenThenTheyAreDroppedAndTheConnectionIsFreed(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(amplifying("reset-reply-" + dispatch, dispatch))) {
            ClientConnection bystander = fixture.connect();
            Socket peer = nonReadingPeer(fixture.port());
            // 20 MB of replies: far more than the socket buffers hold, so the server keeps a backlog
            Thread writer = writeInBackground(peer, requests(1_000), 20);
            byte[] some = peer.getInputStream().readNBytes(REPLY_BYTES * 3);
            assertThat(some).hasSize(REPLY_BYTES * 3);
            ServerStats stats = fixture.server().stats();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.writeBacklogPausedConnections() == 1);
            peer.setSoLinger(true, 0);
            peer.close(); // RST while the server still has replies queued

            writer.join(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.connectionsReset() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.activeConnections() == 1
                    && stats.writeBacklogPausedConnections() == 0);
            assertThat(text(bystander.request(bytes("ok")))).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenPeerHalfClosesWhileASlowHandlerWorksThenItGetsEveryReplyThenTheClose(Dispatch dispatch) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        TcpServerConfig.Builder config = TcpServerConfig.builder((connection, frame) -> {
            if (dispatch == Dispatch.IO) {
                return Reply.later(opened.thenApply(v -> frame)); // io handlers must not block
            }
            gate.await(20, TimeUnit.SECONDS);
            return Reply.of(frame);
        }).name("half-close-slow-" + dispatch).dispatch(dispatch).ioThreads(1);
        try (ServerFixture fixture = ServerFixture.start(config);
                Socket peer = new Socket("127.0.0.1", fixture.port())) {
            peer.setSoTimeout(20_000);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                sent.append("request-").append(i).append('\n');
            }
            peer.getOutputStream().write(bytes(sent.toString()));
            peer.shutdownOutput();
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server().stats().framesReceived() == 1_000);
            gate.countDown();
            opened.complete(null);

            assertThat(readUntilClosed(peer)).isEqualTo(sent.toString());
            assertThat(fixture.server().stats().repliesSent()).isEqualTo(1_000);
        } finally {
            gate.countDown();
            opened.complete(null);
        }
    }

    /**
     * A peer that sends requests whose replies are 10x larger and never reads: the server pauses reading
     * from it at the high watermark, its reply backlog stays bounded, and another client is served.
     */
    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenPeerNeverReadsThenItIsPausedAtTheWatermarkWithABoundedBacklog(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(amplifying("never-reads-" + dispatch, dispatch));
                Socket peer = nonReadingPeer(fixture.port())) {
            ClientConnection bystander = fixture.connect();
            TcpServer server = fixture.server();
            ServerStats stats = server.stats();
            // 10 MB of requests, 100 MB of replies if all were answered
            Thread writer = writeInBackground(peer, requests(100), 1_000);

            await().atMost(Duration.ofSeconds(10)).until(() -> stats.writeBacklogPausedConnections() == 1);
            // while paused the backlog (replies queued - bytes written) stays under the bound, and stops growing
            long bound = HIGH_WATERMARK + maxRepliesTakenInBeforePausing(server) * REPLY_BYTES;
            long[] worst = new long[1];
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> {
                long backlog = backlog(stats);
                worst[0] = Math.max(worst[0], backlog);
                return backlog <= bound && stats.writeBacklogPausedConnections() == 1;
            });
            long received = stats.bytesReceived();
            for (int i = 0; i < 20; i++) {
                assertThat(text(bystander.request(bytes("other " + i)))).isEqualTo("other " + i);
            }
            assertThat(stats.bytesReceived() - received).isLessThan(EventLoop.READ_BUFFER_SIZE); // bystander only
            report("never-reading peer (%s): paused at the high watermark, backlog %d bytes (bound %d), "
                    + "server read %d of 10,000,000 request bytes", dispatch, worst[0], bound, received);

            peer.setSoLinger(true, 0);
            peer.close();
            writer.join(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.activeConnections() == 1
                    && stats.writeBacklogPausedConnections() == 0);
        }
    }

    /**
     * The worst case for io dispatch: a quarter megabyte of small requests is already waiting in the
     * kernel when the loop reads (the loop was held busy meanwhile), so one readiness event could read
     * several buffers' worth and queue 10x as many reply bytes. The loop checks the backlog after every
     * read, so it stops after the first one that passes the high watermark.
     */
    @Test
    void whenBacklogPassesTheHighWatermarkThenTheIoLoopStopsReadingWithinOneRead() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(amplifying("one-read-bound", Dispatch.IO));
                Socket peer = nonReadingPeer(fixture.port())) {
            ServerStats stats = fixture.server().stats();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.activeConnections() == 1);
            CountDownLatch written = new CountDownLatch(1);
            EventLoop loop = fixture.server().eventLoopGroup().loops().get(0);
            // deliberately hold the io loop (test only) so the requests pile up in the kernel first
            loop.execute(() -> {
                try {
                    written.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            peer.getOutputStream().write(requests(2_560)); // 256,000 bytes: four reads' worth
            written.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> stats.writeBacklogPausedConnections() == 1);
            long bound = HIGH_WATERMARK + maxRepliesTakenInBeforePausing(fixture.server()) * REPLY_BYTES;
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> backlog(stats) <= bound && stats.writeBacklogPausedConnections() == 1);
            report("io amplification: %d bytes of requests waiting, backlog %d bytes after pausing (bound %d)",
                    256_000, backlog(stats), bound);
        }
    }

    /**
     * The most requests the server takes in from one connection before its backlog check stops reading.
     * io: the requests of one read (64 KiB). pool: also those already handed to the pool (up to its limit).
     */
    private static long maxRepliesTakenInBeforePausing(TcpServer server) {
        long oneRead = EventLoop.READ_BUFFER_SIZE / REQUEST_BYTES + 1;
        return server.config().dispatch() == Dispatch.IO ? oneRead : oneRead + server.config().maxPendingFrames();
    }

    /**
     * Writes {@code batch} {@code times} on another thread. The writer blocks once the server stops reading;
     * the test's closing the socket ends it.
     */
    private static Thread writeInBackground(Socket peer, byte[] batch, int times) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = peer.getOutputStream();
                for (int i = 0; i < times; i++) {
                    out.write(batch);
                }
            } catch (IOException closedByTheTest) {
                // expected: the socket is closed under the blocked writer
            }
        }, "peer-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /** A socket with a small receive buffer (set before connecting, so the window is small too). */
    private static Socket nonReadingPeer(int port) throws IOException {
        Socket peer = new Socket();
        peer.setReceiveBufferSize(4096);
        peer.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return peer;
    }

    private static long backlog(ServerStats stats) {
        return stats.repliesSent() * REPLY_BYTES - stats.bytesSent();
    }

    /** Echo for requests of other clients; a 1000-byte reply (999 + newline) for each 100-byte request. */
    private static TcpServerConfig.Builder amplifying(String name, Dispatch dispatch) {
        byte[] big = new byte[REPLY_BYTES - 1];
        Arrays.fill(big, (byte) 'r');
        return TcpServerConfig.builder((connection, frame) -> Reply.of(frame.length == REQUEST_BYTES - 1 ? big : frame))
                .name(name).dispatch(dispatch).ioThreads(1).maxPendingFrames(256)
                .writeWatermarks(LOW_WATERMARK, HIGH_WATERMARK)
                // small kernel send buffers, so the backlog is the server's own rather than the kernel's;
                // a large receive buffer, so requests can pile up before the server reads them
                .socketOptions(new SocketOptions(true, false, 1024 * 1024, 16 * 1024));
    }

    private static TcpServerConfig.Builder echo(String name, Dispatch dispatch) {
        return TcpServerConfig.builder((connection, frame) -> Reply.of(frame)).name(name).dispatch(dispatch).ioThreads(1);
    }

    /** {@code count} request lines of {@value #REQUEST_BYTES} bytes each. */
    private static byte[] requests(int count) {
        byte[] line = new byte[REQUEST_BYTES];
        Arrays.fill(line, (byte) 'q');
        line[REQUEST_BYTES - 1] = '\n';
        byte[] all = new byte[count * REQUEST_BYTES];
        for (int i = 0; i < count; i++) {
            System.arraycopy(line, 0, all, i * REQUEST_BYTES, REQUEST_BYTES);
        }
        return all;
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }
}
