package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.report;
import static dev.loopwire.transport.hardening.Hardening.bytes;
import static dev.loopwire.transport.hardening.Hardening.closedByPeer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.server.ServerFixture;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.ServerStats;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Slowloris over real sockets: peers that dribble one byte at a time without ever completing a line, and
 * peers that connect and never send. The idle timeout counts a complete frame in or a write out as
 * activity, not single bytes, so both kinds are closed by it; meanwhile an active client keeps getting
 * its replies. The tests use a 500 ms idle timeout and a byte every 50 ms (instead of one a second) to
 * stay short: the ratio, many bytes per timeout, is what matters.
 */
class SlowPeerHardeningTests {

    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(500);
    private static final long DRIBBLE_INTERVAL_MILLIS = 50;

    @Test
    void whenPeerDribblesOneByteAtATimeThenTheIdleTimeoutClosesIt() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(server("dribble-one"));
                Socket dribbler = new Socket("127.0.0.1", fixture.port())) {
            ServerStats stats = fixture.server().stats();
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 100 && !closed; i++) { // 5 s at most, 10x the idle timeout
                try {
                    dribbler.getOutputStream().write('a');
                } catch (IOException closedByServer) {
                    closed = true;
                }
                Thread.sleep(DRIBBLE_INTERVAL_MILLIS); // deliberate pacing: this peer is slow on purpose
                closed = closed || stats.connectionsIdleClosed() == 1;
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(stats.connectionsIdleClosed()).isEqualTo(1);
            assertThat(tookMillis).isLessThan(IDLE_TIMEOUT.toMillis() * 4);
            dribbler.setSoTimeout(5_000);
            assertThat(closedByPeer(dribbler)).isTrue();
            report("one-byte dribbler (50 ms/byte, idle 500 ms): closed after %d ms", tookMillis);
        }
    }

    @Test
    void whenAFewHundredSlowlorisPeersConnectThenTheyAreClosedAndAnActiveClientIsNotStarved() throws Exception {
        slowlorisCrowd(150, 150, "crowd");
    }

    @Test
    @Tag("long")
    void whenThousandsOfSlowlorisPeersConnectThenTheyAreClosedAndAnActiveClientIsNotStarved() throws Exception {
        slowlorisCrowd(2_000, 2_000, "crowd-long");
    }

    /**
     * Opens {@code dribblers} peers that send one byte every 50 ms and {@code silent} peers that send
     * nothing, while an active client sends request after request; all slow peers must be closed by the
     * idle timeout, every active request answered, and none of them starved.
     */
    private static void slowlorisCrowd(int dribblers, int silent, String name) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(server(name).maxConnections(dribblers + silent + 10))) {
            ServerStats stats = fixture.server().stats();
            List<Socket> slow = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread pacer = null;
            try {
                for (int i = 0; i < dribblers + silent; i++) {
                    slow.add(new Socket("127.0.0.1", fixture.port()));
                }
                // connected after the crowd: opening thousands takes longer than the idle timeout
                ClientConnection active = fixture.connect();
                List<Socket> dribbling = slow.subList(0, dribblers);
                pacer = new Thread(() -> dribble(dribbling, stop), "dribbler");
                pacer.setDaemon(true);
                pacer.start();

                // the active client works while the crowd is connected, and until it is gone
                List<Long> latencies = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int i = 0;
                while (stats.connectionsIdleClosed() < dribblers + silent && System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    String payload = "active " + i++;
                    assertThat(new String(active.request(bytes(payload)).get(5, TimeUnit.SECONDS),
                            StandardCharsets.UTF_8)).isEqualTo(payload);
                    latencies.add(System.nanoTime() - sent);
                }
                assertThat(stats.connectionsIdleClosed()).isEqualTo(dribblers + silent);
                assertThat(active.isOpen()).isTrue();
                for (Socket socket : slow) {
                    socket.setSoTimeout(5_000);
                    assertThat(closedByPeer(socket)).isTrue();
                }
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                long p99 = sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))];
                long max = sorted[sorted.length - 1];
                // not starved: the active client's slowest request is far below one idle timeout
                assertThat(TimeUnit.NANOSECONDS.toMillis(max)).isLessThan(IDLE_TIMEOUT.toMillis());
                report("slowloris %d dribblers + %d silent: all idle-closed; active client %d requests, p99 %.2f ms, "
                        + "max %.2f ms", dribblers, silent, sorted.length, p99 / 1e6, max / 1e6);
            } finally {
                stop.set(true);
                if (pacer != null) {
                    pacer.join(5_000);
                }
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    /** Sends one byte to each socket every 50 ms until stopped or every socket was closed by the server. */
    private static void dribble(List<Socket> sockets, AtomicBoolean stop) {
        boolean[] closed = new boolean[sockets.size()];
        int open = sockets.size();
        while (!stop.get() && open > 0) {
            for (int i = 0; i < sockets.size(); i++) {
                if (!closed[i]) {
                    try {
                        sockets.get(i).getOutputStream().write('a');
                    } catch (IOException closedByServer) {
                        closed[i] = true;
                        open--;
                    }
                }
            }
            try {
                Thread.sleep(DRIBBLE_INTERVAL_MILLIS); // deliberate pacing: a byte per peer per interval
            } catch (InterruptedException e) {
                return;
            }
        }
        Arrays.fill(closed, true);
    }

    private static TcpServerConfig.Builder server(String name) {
        return TcpServerConfig.builder((connection, frame) -> Reply.of(frame)).name(name).dispatch(Dispatch.POOL)
                .idleTimeout(IDLE_TIMEOUT).ioThreads(2);
    }
}
