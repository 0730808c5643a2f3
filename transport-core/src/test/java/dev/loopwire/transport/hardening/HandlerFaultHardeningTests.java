package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.report;
import static dev.loopwire.transport.hardening.Hardening.ERROR_REPLIES;
import static dev.loopwire.transport.hardening.Hardening.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.server.ServerFixture;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faulty handlers: one that throws on some frames (error reply or close per policy, counted exactly, the
 * connection's later frames still handled) and one that blocks every pool thread (reads pause, pending
 * work stays bounded, no frame is lost, every reply arrives in order once it unblocks).
 */
class HandlerFaultHardeningTests {

    private static final int CLIENTS = 8;
    private static final int REQUESTS = 300;

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenHandlerThrowsOnEveryThirdFrameThenEachGetsAnErrorReplyAndTheRestAreServed(Dispatch dispatch)
            throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            String text = new String(frame, StandardCharsets.UTF_8);
            if (Integer.parseInt(text.substring(text.indexOf('-') + 1)) % 3 == 0) {
                throw new IllegalStateException("bad " + text);
            }
            return Reply.of(frame);
        }).name("throws-" + dispatch).dispatch(dispatch).failurePolicy(ERROR_REPLIES).ioThreads(2))) {
            List<List<CompletableFuture<byte[]>>> replies = new ArrayList<>();
            List<ClientConnection> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                ClientConnection client = fixture.connect();
                clients.add(client);
                List<CompletableFuture<byte[]>> perClient = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    perClient.add(client.request(bytes(c + "-" + i)));
                }
                replies.add(perClient);
            }
            for (int c = 0; c < CLIENTS; c++) {
                for (int i = 0; i < REQUESTS; i++) {
                    String expected = i % 3 == 0 ? "ERR handler bad " + c + "-" + i : c + "-" + i;
                    assertThat(new String(replies.get(c).get(i).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                            .isEqualTo(expected);
                }
                assertThat(clients.get(c).isOpen()).isTrue();
            }
            assertThat(fixture.server().stats().handlerErrors()).isEqualTo((long) CLIENTS * (REQUESTS / 3));
        }
    }

    @Test
    void whenHandlerThrowsUnderTheDefaultPolicyThenOnlyItsConnectionClosesAfterEarlierReplies() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            if (new String(frame, StandardCharsets.UTF_8).equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return Reply.of(frame);
        }).name("throws-close").dispatch(Dispatch.POOL).ioThreads(1))) {
            ClientConnection victim = fixture.connect();
            ClientConnection bystander = fixture.connect();
            CompletableFuture<byte[]> before = victim.request(bytes("before"));
            CompletableFuture<byte[]> boom = victim.request(bytes("boom"));
            assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(bytes("before"));
            victim.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(boom).isCompletedExceptionally();
            assertThat(fixture.server().stats().handlerErrors()).isEqualTo(1);
            assertThat(bystander.request(bytes("fine")).get(10, TimeUnit.SECONDS)).isEqualTo(bytes("fine"));
        }
    }

    /**
     * 2 pool threads, every one blocked by the handler, and {@value #CLIENTS} clients pipelining 2,000
     * requests each: the loops stop reading, the pool's pending count stays under its limit plus one read
     * per connection, and once the handler unblocks every reply arrives, in order.
     */
    @Test
    void whenHandlerBlocksThePoolThenReadsPauseWithBoundedPendingWorkAndNothingIsLost() throws Exception {
        int perClient = 2_000;
        int maxPending = 64;
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            blocked.incrementAndGet();
            gate.await(30, TimeUnit.SECONDS);
            return Reply.of(frame);
        }).name("blocked-pool").dispatch(Dispatch.POOL).businessThreads(2).maxPendingFrames(maxPending).ioThreads(2))) {
            TcpServer server = fixture.server();
            List<List<CompletableFuture<byte[]>>> replies = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                ClientConnection client = fixture.connect();
                List<CompletableFuture<byte[]>> futures = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    futures.add(client.request(request(c, i)));
                }
                replies.add(futures);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> blocked.get() == 2 && server.backpressure().pausedConnections() > 0);
            // one read of 64 KiB holds at most this many of these requests
            long oneRead = EventLoop.READ_BUFFER_SIZE / request(0, 0).length + 1;
            long bound = maxPending + CLIENTS * oneRead;
            int[] worst = new int[1];
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> {
                worst[0] = Math.max(worst[0], server.backpressure().pendingFrames());
                return server.backpressure().pendingFrames() <= bound
                        && server.stats().framesReceived() < (long) CLIENTS * perClient;
            });
            long receivedWhileBlocked = server.stats().framesReceived();
            gate.countDown();
            for (int c = 0; c < CLIENTS; c++) {
                for (int i = 0; i < perClient; i++) {
                    assertThat(replies.get(c).get(i).get(30, TimeUnit.SECONDS)).isEqualTo(request(c, i));
                }
            }
            assertThat(server.stats().framesReceived()).isEqualTo((long) CLIENTS * perClient);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.backpressure().pendingFrames() == 0
                    && server.backpressure().pausedConnections() == 0);
            report("blocked pool (2 threads, %d clients x %d): reads paused with %d of %d frames taken in, "
                    + "pending peak %d (bound %d); all replies in order after unblocking", CLIENTS, perClient,
                    receivedWhileBlocked, CLIENTS * perClient, worst[0], bound);
        } finally {
            gate.countDown();
        }
    }

    private static byte[] request(int client, int i) {
        return String.format("client-%02d-request-%06d-%s", client, i, "p".repeat(60)).getBytes(StandardCharsets.US_ASCII);
    }
}
