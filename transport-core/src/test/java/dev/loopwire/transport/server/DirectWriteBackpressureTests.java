package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.connection.NioConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Direct writes and the write watermarks: a peer that does not read fills the socket, the rest of the replies
 * go to the loop, the connection stops reading above the high watermark (so the backlog stays bounded), and
 * everything arrives in order once the peer reads again.
 */
class DirectWriteBackpressureTests {

    private static final int REQUESTS = 3_000;
    private static final int REQUEST_BYTES = 1024;
    private static final int REPLY_BYTES = 4096;

    @Test
    void whenPeerDoesNotReadThenReadingStopsTheBacklogStaysBoundedAndAllRepliesArriveLater() throws Exception {
        AtomicReference<NioConnection> served = new AtomicReference<>();
        FrameHandler handler = (connection, frame) -> {
            served.set((NioConnection) connection);
            byte[] reply = new byte[REPLY_BYTES];
            Arrays.fill(reply, (byte) 'x');
            byte[] sequence = new String(frame, 0, indexOf(frame, (byte) ' '), StandardCharsets.US_ASCII)
                    .getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(sequence, 0, reply, 0, sequence.length);
            reply[sequence.length] = ' ';
            return Reply.of(reply);
        };
        TcpServer server = new TcpServer(TcpServerConfig.builder(handler).name("direct-watermarks").host("127.0.0.1")
                .port(0).framing(LineFraming.defaults().maxLineLength(16 * 1024)).dispatch(Dispatch.POOL)
                .ioThreads(1).businessThreads(4).writeWatermarks(32 * 1024, 64 * 1024)
                // frames read but not yet answered add no backlog, so until the first replies exist only the
                // pending-frames limit stops reading: 256 (+ one read round of 256 frames) keeps what can be read
                // before the watermark pause structural (about 2 MiB of replies), not a matter of thread timing
                .maxPendingFrames(256)
                // a fixed send buffer: an auto-tuned one grows to megabytes, and reading would pause and resume
                // while it grows
                .socketOptions(new SocketOptions(true, false, 0, 32 * 1024)).build()).start();
        try (LinePeer peer = LinePeer.connect(server.port(), 8 * 1024)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    char[] padding = new char[REQUEST_BYTES - 16];
                    Arrays.fill(padding, 'p');
                    for (int i = 0; i < REQUESTS; i++) {
                        peer.write(i + " " + new String(padding) + "\n"); // blocks once the server stops reading
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            await().atMost(Duration.ofSeconds(20)).until(() -> server.stats().writeBacklogPausedConnections() == 1);
            long framesAtPause = server.stats().framesReceived();
            // paused means paused: no more frames are read while the peer does not read its replies
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats().framesReceived() == framesAtPause);
            assertThat(framesAtPause).as("the server stopped long before the peer's last request").isLessThan(REQUESTS);
            // bounded: the replies to what the pending-frames limit and one read round let in, far below what the
            // peer sent
            assertThat(served.get().pendingOutboundBytes()).isLessThan(4L * 1024 * 1024);
            assertThat(server.stats().directWritesPartial()).as("a direct write filled the socket").isPositive();

            for (int i = 0; i < REQUESTS; i++) {
                String line = peer.readLine();
                assertThat(line).as("reply %d", i).isNotNull().hasSize(REPLY_BYTES).startsWith(i + " ");
            }
            writer.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().writeBacklogPausedConnections() == 0);
            assertThat(served.get().pendingOutboundBytes()).isZero();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    private static int indexOf(byte[] frame, byte b) {
        for (int i = 0; i < frame.length; i++) {
            if (frame[i] == b) {
                return i;
            }
        }
        return frame.length;
    }
}
