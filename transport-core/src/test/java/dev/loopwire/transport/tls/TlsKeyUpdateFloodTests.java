package dev.loopwire.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.SocketOptions;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20, item 1: a TLS 1.3 peer that completes the handshake, then sends KeyUpdate(update_requested)
 * records back to back and never reads. A healthy client pings on the same (single) loop meanwhile; its
 * worst reply time and the loop thread's allocation are the measured harm. Safety bounds with wide
 * margins (200 ms, 200 MB), not speed claims: without the fixes the loop allocated gigabytes and the
 * healthy client waited seconds.
 */
class TlsKeyUpdateFloodTests {

    private static final TestCertificates CERTS = TestCertificates.get();
    private static final int UPDATES = 24_000;
    private static final long WORST_REPLY_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long ALLOCATION_BOUND_BYTES = 200L * 1024 * 1024;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @ParameterizedTest(name = "{0} attacker(s)")
    @ValueSource(ints = {1, 3})
    void whenKeyUpdateFloodThenAttackersAreClosedPastTheLimitAndTheLoopStaysResponsive(int attackers) throws Exception {
        TcpServer server = server("tls-flood-" + attackers, CERTS.server(ClientAuth.NONE).build());
        Flood flood = flood(server, "loopwire-tls-flood-" + attackers + "-io", 0, attackers);

        assertThat(flood.attackerClosed).as("every attacker is closed past the post-handshake limit").isTrue();
        assertThat(server.stats().security().handshakeFailures(HandshakeFailure.POST_HANDSHAKE_LIMIT))
                .isEqualTo(attackers);
        assertThat(server.stats().bytesReceived()).as("the server stopped reading at the limit")
                .isLessThan(flood.floodBytes / 4);
        assertThat(flood.worstReplyNanos).isLessThan(WORST_REPLY_BOUND_NANOS);
        assertThat(flood.loopAllocatedBytes).isLessThan(ALLOCATION_BOUND_BYTES);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 1); // the healthy one
    }

    @Test
    void whenKeyUpdatesAreWithinTheLimitThenTheirUnreadAnswersCountTowardTheWatermarks() throws Exception {
        TlsConfig generous = CERTS.server(ClientAuth.NONE).postHandshakeMessageLimit(1_000_000, Duration.ofMinutes(1))
                .build();
        // small socket buffers on both sides, so the kernel absorbs little of the answers nobody reads
        TcpServer server = server(TcpServerConfig.builder((connection, frame) -> Reply.of(frame))
                .name("tls-flood-allowed").socketOptions(new SocketOptions(true, false, 4 * 1024, 4 * 1024))
                .writeWatermarks(4 * 1024, 8 * 1024), generous);
        Flood flood = flood(server, "loopwire-tls-flood-allowed-io", 4 * 1024, 1);

        // the answers the attacker never reads pile up as encrypted bytes; above the high watermark the
        // server stops reading from it, so the flood stalls instead of growing memory and loop work
        assertThat(flood.pausedConnections).as("connections not reading for their write backlog").isEqualTo(1);
        assertThat(flood.updatesSent).isLessThan(UPDATES / 2);
        assertThat(flood.attackerClosed).isFalse();
        assertThat(server.stats().security().handshakeFailures(HandshakeFailure.POST_HANDSHAKE_LIMIT)).isZero();
        assertThat(flood.loopAllocatedBytes).isLessThan(ALLOCATION_BOUND_BYTES);
        // no latency bound here: the JDK spends about 0.1 ms (1 ms before JIT) and 28 KB on each KeyUpdate, so
        // one 64 KiB read of them holds the loop that long; bounding that is the post-handshake limit's job
    }

    @Test
    void whenANormalClientMakesManyRequestsThenEvenABudgetOfOneIsNeverCharged() throws Exception {
        TcpServer server = server("tls-normal", CERTS.server(ClientAuth.NONE).postHandshakeMessageLimit(1,
                Duration.ofHours(1)).build());
        TcpClient tcpClient = TcpClient.create(1, LineFraming.defaults(), CERTS.client(null).build());
        resources.add(tcpClient);
        ClientConnection client = tcpClient.connect("127.0.0.1", server.port());
        for (int batch = 0; batch < 20; batch++) { // the server's session tickets go out meanwhile
            List<java.util.concurrent.CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                replies.add(client.request(bytes("req-" + batch + "-" + i)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).asString().isEqualTo("req-" + batch + "-" + i);
            }
        }
        assertThat(client.isOpen()).isTrue();
        assertThat(server.stats().security().handshakeFailures(HandshakeFailure.POST_HANDSHAKE_LIMIT)).isZero();
        assertThat(server.stats().activeConnections()).isEqualTo(1);
    }

    private TcpServer server(String name, TlsConfig tls) {
        return server(TcpServerConfig.builder((connection, frame) -> Reply.of(frame)).name(name), tls);
    }

    private TcpServer server(TcpServerConfig.Builder builder, TlsConfig tls) {
        TcpServer server = new TcpServer(builder.host("127.0.0.1").port(0).framing(LineFraming.defaults())
                .dispatch(Dispatch.IO).ioThreads(1).tls(tls).build()).start();
        resources.add(() -> server.shutdownGracefully(Duration.ofSeconds(5)).join());
        return server;
    }

    /**
     * Connects a healthy client and {@code attackerCount} attackers (socket buffers {@code attackerSocketBuffers},
     * 0 for the system's), then has each attacker send {@link #UPDATES} KeyUpdates while the healthy client pings.
     */
    private Flood flood(TcpServer server, String loopThreadPrefix, int attackerSocketBuffers, int attackerCount)
            throws Exception {
        TcpClient tcpClient = TcpClient.create(1, LineFraming.defaults(), CERTS.client(null).build());
        resources.add(tcpClient);
        ClientConnection healthy = tcpClient.connect("127.0.0.1", server.port());
        for (int i = 0; i < 20; i++) {
            assertThat(healthy.request(bytes("warm-" + i)).get(10, TimeUnit.SECONDS)).asString().isEqualTo("warm-" + i);
        }
        List<HandRolledTlsClient> attackers = new ArrayList<>();
        List<HandRolledTlsClient.KeyUpdates> floods = new ArrayList<>();
        int floodBytes = 0;
        for (int i = 0; i < attackerCount; i++) {
            HandRolledTlsClient attacker = HandRolledTlsClient.connect(server.port(), CERTS.client(null).build(),
                    attackerSocketBuffers);
            resources.add(attacker);
            assertThat(attacker.protocol()).isEqualTo("TLSv1.3");
            attackers.add(attacker);
            floods.add(attacker.makeKeyUpdates(UPDATES)); // before measuring
            floodBytes += floods.get(i).bytes().remaining();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worst = new AtomicLong();
        AtomicInteger pings = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread pinger = new Thread(() -> {
            try {
                while (!stop.get()) {
                    String text = "ping-" + pings.get();
                    long start = System.nanoTime();
                    byte[] reply = healthy.request(bytes(text)).get(10, TimeUnit.SECONDS);
                    worst.accumulateAndGet(System.nanoTime() - start, Math::max);
                    if (!text.equals(new String(reply, StandardCharsets.UTF_8))) {
                        throw new AssertionError("healthy client got " + new String(reply, StandardCharsets.UTF_8));
                    }
                    pings.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a steady client, not a flood of its own
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "healthy-pinger");

        long allocatedBefore = allocatedBytes(loopThreadPrefix);
        long start = System.nanoTime();
        pinger.start();
        int sent = 0;
        for (int i = 0; i < attackerCount; i++) {
            sent += attackers.get(i).flood(floods.get(i), 3000);
        }
        long floodNanos = System.nanoTime() - start;
        // the loop works through what it read while the pinger goes on: 50 more round trips after the flood
        int target = pings.get() + 50;
        await().atMost(Duration.ofSeconds(30)).until(() -> pings.get() >= target || failure.get() != null);
        stop.set(true);
        pinger.join(15_000);
        long allocated = allocatedBytes(loopThreadPrefix) - allocatedBefore;
        assertThat(failure.get()).as("healthy client failure").isNull();
        int paused = server.stats().writeBacklogPausedConnections(); // before the attacker reads anything
        boolean closed = true;
        for (HandRolledTlsClient attacker : attackers) {
            closed &= attacker.awaitServerClose(3000); // reads (and drops) what the server sent, until it closes
        }

        Flood flood = new Flood(sent, floodBytes, closed, worst.get(), allocated, paused);
        System.out.printf("[figure] %s: %d of %d KeyUpdates taken by the sockets in %d ms, server read %d bytes, "
                        + "attackers closed=%s, healthy pings=%d, worst reply %.1f ms, loop allocated %.1f MB, "
                        + "paused=%d%n", server.config().name(), sent, UPDATES * attackerCount,
                TimeUnit.NANOSECONDS.toMillis(floodNanos),
                server.stats().bytesReceived(), closed, pings.get(), worst.get() / 1e6, allocated / 1048576.0, paused);
        return flood;
    }

    /** Bytes allocated so far by the live threads whose name starts with {@code prefix}. */
    private static long allocatedBytes(String prefix) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix)) {
                total += threads.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Flood(int updatesSent, int floodBytes, boolean attackerClosed, long worstReplyNanos, long loopAllocatedBytes,
            int pausedConnections) {
    }
}
