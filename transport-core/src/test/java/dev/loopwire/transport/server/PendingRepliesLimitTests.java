package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handler whose asynchronous replies do not complete cannot make a connection hold an unbounded line of
 * replies: at {@code maxPendingReplies} the connection stops reading, and it reads again (and answers every
 * request, in order) once the replies complete.
 */
class PendingRepliesLimitTests {

    private static final int LIMIT = 32;
    private static final int REQUESTS = 20_000;
    private static final int FRAME_BYTES = 200;

    /** The handler: each reply waits on a gate that stays shut until released. */
    private static final class HeldReplies {
        private final Queue<CompletableFuture<Void>> gates = new ConcurrentLinkedQueue<>();
        private final AtomicInteger handled = new AtomicInteger();
        private volatile boolean released;

        /** Handler thread. */
        Reply handle(byte[] frame) {
            handled.incrementAndGet();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            gates.add(gate);
            if (released) {
                openGates(); // a gate added after release() drained the queue
            }
            return Reply.later(gate.thenApply(ignored -> frame));
        }

        /** Opens every gate, now and from now on. Any thread. */
        void release() {
            released = true;
            openGates();
        }

        int handled() {
            return handled.get();
        }

        private void openGates() {
            CompletableFuture<Void> gate;
            while ((gate = gates.poll()) != null) {
                gate.complete(null);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAsyncRepliesDoNotCompleteThenReadingStopsAndResumesOnceTheyDo(Dispatch dispatch) throws Exception {
        HeldReplies replies = new HeldReplies();
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> replies.handle(frame))
                .name("held-" + dispatch).dispatch(dispatch).ioThreads(1).maxPendingReplies(LIMIT))) {
            ClientConnection client = fixture.connect();
            for (int i = 0; i < REQUESTS; i++) {
                futures.add(client.request(frame(i)));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> replies.handled() >= LIMIT);
            // reading stopped: the count stays put, short of what the client sent
            int bound = dispatch == Dispatch.IO
                    ? LIMIT + 64 * 1024 / (FRAME_BYTES + 1) + 1 // plus the rest of the read that reached the limit
                    : REQUESTS / 2; // the pool learns of the limit while the loop may read on for a while
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> replies.handled() <= bound);

            replies.release();
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).as("reply %d", i).isEqualTo(frame(i));
            }
            assertThat(replies.handled()).isEqualTo(REQUESTS);
            assertThat(fixture.server().stats().handlerErrors()).isZero();
        }
    }

    private static byte[] frame(int index) {
        String text = String.format("%08d", index);
        return (text + "x".repeat(FRAME_BYTES - text.length())).getBytes(StandardCharsets.US_ASCII);
    }
}
