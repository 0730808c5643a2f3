package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Direct writes and the end of a connection: a peer's half-close, a closing reply in the middle of a pipeline
 * (graceful close with lingering still done by the loop) and a write that fails on a business thread.
 */
class DirectWriteCloseTests {

    private static final int CONNECTIONS = 16;
    private static final int FRAMES = 300;

    @Test
    void whenPeerHalfClosesMidPipelineThenEveryReplyArrivesInOrderBeforeEof() throws Exception {
        TcpServer server = start((connection, frame) -> Reply.of(("r " + text(frame)).getBytes(StandardCharsets.US_ASCII)));
        try {
            forEachPeer(server.port(), (c, peer) -> {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < FRAMES; i++) {
                    all.append(c).append(' ').append(i).append('\n');
                }
                peer.write(all.toString());
                peer.shutdownOutput(); // EOF right behind the last request
                for (int i = 0; i < FRAMES; i++) {
                    assertThat(peer.readLine()).as("connection %d reply %d", c, i).isEqualTo("r " + c + " " + i);
                }
                assertThat(peer.readLine()).as("connection %d: EOF after the last reply", c).isNull();
            });
            assertThat(server.stats().repliesWrittenDirect()).isPositive();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void whenClosingReplyIsInTheMiddleOfThePipelineThenEverythingBeforeArrivesAndNothingAfter() throws Exception {
        TcpServer server = start((connection, frame) -> {
            String request = text(frame);
            if (request.endsWith(" bye")) {
                return Reply.ofAndClose(("bye " + request).getBytes(StandardCharsets.US_ASCII));
            }
            return Reply.of(("r " + request).getBytes(StandardCharsets.US_ASCII));
        });
        try {
            forEachPeer(server.port(), (c, peer) -> {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < FRAMES; i++) {
                    all.append(c).append(' ').append(i).append('\n');
                    if (i == FRAMES / 2) {
                        all.append(c).append(" bye\n");
                    }
                }
                peer.write(all.toString());
                for (int i = 0; i <= FRAMES / 2; i++) {
                    assertThat(peer.readLine()).as("connection %d reply %d", c, i).isEqualTo("r " + c + " " + i);
                }
                assertThat(peer.readLine()).isEqualTo("bye " + c + " bye");
                assertThat(peer.readLine()).as("connection %d: nothing after the closing reply", c).isNull();
            });
            // the loop still closed gracefully: output shut down first, then lingering until the peer's EOF
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connectionsClosed() == CONNECTIONS);
            assertThat(server.stats().lingeringCloses()).isEqualTo(CONNECTIONS);
            assertThat(server.stats().connectionsReset()).isZero();
            assertThat(server.stats().repliesWrittenDirect()).isPositive();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void whenADirectWriteFailsThenTheLoopClosesTheConnectionAsReset() throws Exception {
        CountDownLatch peerGone = new CountDownLatch(1);
        AtomicReference<Connection> served = new AtomicReference<>();
        FrameHandler handler = (connection, frame) -> {
            served.set(connection);
            peerGone.await(10, TimeUnit.SECONDS); // business thread only
            return Reply.of(frame);
        };
        // one pending frame pauses reading (backpressure): the loop cannot see the reset, only the write can
        TcpServer server = new TcpServer(TcpServerConfig.builder(handler).name("direct-fail").host("127.0.0.1")
                .port(0).dispatch(Dispatch.POOL).ioThreads(1).businessThreads(2).maxPendingFrames(1).build()).start();
        try {
            LinePeer peer = LinePeer.connect(server.port());
            peer.write("a\nb\nc\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> served.get() != null);
            peer.reset();
            peerGone.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connectionsClosed() == 1);
            assertThat(server.stats().directWriteFailures()).isEqualTo(1);
            assertThat(server.stats().connectionsReset()).isEqualTo(1);
            assertThat(served.get().closeReason()).isEqualTo(CloseReason.PEER);
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    private static TcpServer start(FrameHandler handler) {
        return new TcpServer(TcpServerConfig.builder(handler).name("direct-close").host("127.0.0.1").port(0)
                .dispatch(Dispatch.POOL).ioThreads(2).businessThreads(4).build()).start();
    }

    interface PeerScript {
        void run(int connection, LinePeer peer) throws Exception;
    }

    /** Runs {@code script} on {@link #CONNECTIONS} peers at once, so their direct writes and loop flushes race. */
    private static void forEachPeer(int port, PeerScript script) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                LinePeer peer = LinePeer.connect(port);
                results.add(threads.submit(() -> {
                    try (peer) {
                        script.run(connection, peer);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.US_ASCII);
    }
}
