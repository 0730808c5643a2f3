package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.loop.EventLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A slow pool handler with a tiny pending limit: reads pause, memory stays bounded, nothing is lost. */
class BackpressureTests {

    private static final int FRAMES = 20_000;
    private static final int MAX_PENDING = 16;
    /** every frame is exactly this long on the wire, newline included */
    private static final int FRAME_BYTES = 100;
    /** frames one 64 KiB read can hold: the most one read can add past the limit before reading pauses */
    private static final int ONE_READ_OF_FRAMES = EventLoop.READ_BUFFER_SIZE / FRAME_BYTES + 1;

    @Test
    void whenHandlerIsSlowThenReadsPauseAndEveryReplyArrivesOnceItSpeedsUp() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            gate.await(30, TimeUnit.SECONDS);
            return Reply.of(frame);
        }).name("slow").dispatch(Dispatch.POOL).maxPendingFrames(MAX_PENDING).businessThreads(2).ioThreads(1))) {
            ClientConnection client = fixture.connect();
            List<CompletableFuture<byte[]>> replies = new ArrayList<>(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                replies.add(client.request(frame(i)));
            }
            TcpServer server = fixture.server();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.backpressure().pausedConnections() == 1);

            // paused: the pending count stays bounded by the limit plus what one read had already taken in
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                    server.backpressure().pendingFrames() <= MAX_PENDING + ONE_READ_OF_FRAMES
                            && server.stats().framesReceived() < FRAMES);

            gate.countDown();
            for (int i = 0; i < FRAMES; i++) {
                assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(frame(i));
            }
            assertThat(server.backpressure().pendingFrames()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.backpressure().pausedConnections() == 0);
        }
    }

    private static byte[] frame(int i) {
        String head = String.format("request-%06d-", i);
        String body = head + "x".repeat(FRAME_BYTES - 1 - head.length()); // + the encoder's '\n'
        return body.getBytes(StandardCharsets.US_ASCII);
    }
}
