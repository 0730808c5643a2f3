package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.report;
import static dev.loopwire.transport.hardening.Hardening.bytes;
import static dev.loopwire.transport.hardening.Hardening.closedByPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.server.ServerFixture;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.ServerStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connection floods: past {@code max-connections} (refused at once with a reset, counted, admitted
 * connections still served) and past the process's file-descriptor limit (EMFILE: the acceptor backs off
 * instead of spinning, and accepts again once descriptors are free). The EMFILE case runs the server in a
 * child JVM started with {@code ulimit -n}, so the test JVM keeps its descriptors.
 */
class ConnectionLimitHardeningTests {

    private static final int ADMITTED = 50;
    private static final int FLOOD = 500;

    @Test
    void whenAcceptFloodPassesMaxConnectionsThenExtrasAreRefusedAtOnceAndCountedWhileAdmittedOnesAreServed() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("flood").maxConnections(ADMITTED).dispatch(Dispatch.IO).ioThreads(2))) {
            ServerStats stats = fixture.server().stats();
            List<ClientConnection> admitted = new ArrayList<>();
            for (int i = 0; i < ADMITTED; i++) {
                admitted.add(fixture.connect());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.activeConnections() == ADMITTED);

            List<Socket> flood = new ArrayList<>();
            long slowestRefusalNanos = 0;
            try {
                for (int i = 0; i < FLOOD; i++) {
                    flood.add(new Socket("127.0.0.1", fixture.port()));
                    if (i % 100 == 0) { // admitted connections are served during the flood
                        ClientConnection one = admitted.get(i % ADMITTED);
                        assertThat(one.request(bytes("during " + i)).get(5, TimeUnit.SECONDS)).isEqualTo(bytes("during " + i));
                    }
                }
                for (Socket extra : flood) {
                    extra.setSoTimeout(5_000);
                    long start = System.nanoTime();
                    assertThat(closedByPeer(extra)).isTrue();
                    slowestRefusalNanos = Math.max(slowestRefusalNanos, System.nanoTime() - start);
                }
            } finally {
                for (Socket extra : flood) {
                    extra.close();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.rejectedForMaxConnectionsCount() == FLOOD);
            assertThat(stats.activeConnections()).isEqualTo(ADMITTED);
            for (int i = 0; i < ADMITTED; i++) {
                assertThat(admitted.get(i).request(bytes("after " + i)).get(5, TimeUnit.SECONDS))
                        .isEqualTo(bytes("after " + i));
            }
            report("accept flood: %d admitted, %d refused and counted, slowest wait for the refusal after the "
                    + "flood %.1f ms", ADMITTED, FLOOD, slowestRefusalNanos / 1e6);
        }
    }

    /**
     * A server limited to 256 descriptors gets 400 connections: accept fails with EMFILE once the limit is
     * reached. Over two seconds the server must use little CPU (an acceptor spinning on the ready key would
     * use a whole core) and record at most about one failure per 100 ms back-off; once the clients close,
     * it accepts and serves again.
     */
    @Test
    void whenFileDescriptorsRunOutThenTheAcceptorBacksOffWithoutSpinningAndRecovers() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try (ChildServer child = ChildServer.start(256, "64m", Dispatch.IO, 10_000, 1)) {
            for (int i = 0; i < 400; i++) {
                flood.add(new Socket("127.0.0.1", child.port())); // the kernel completes these from the backlog
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> child.stats().acceptFailures() >= 3);
            ChildServer.Stats before = child.stats();
            long cpuBefore = child.cpuNanos();
            long wallBefore = System.nanoTime();
            // observe the server at its limit for a fixed window; nothing to wait for, the window is the measurement
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            long wall = System.nanoTime() - wallBefore;
            long cpu = child.cpuNanos() - cpuBefore;
            ChildServer.Stats after = child.stats();
            long failures = after.acceptFailures() - before.acceptFailures();
            double cpuShare = (double) cpu / wall;

            assertThat(after.active()).isLessThan(256); // it really is at its descriptor limit
            assertThat(cpuShare).isLessThan(0.25);
            assertThat(failures).isBetween(1L, wall / TimeUnit.MILLISECONDS.toNanos(100) + 5);
            report("EMFILE (ulimit -n 256, 400 connects): %d connections open, %d accept failures in %.1f s, "
                    + "child CPU %.1f%% of one core", after.active(), failures, wall / 1e9, cpuShare * 100);

            for (Socket socket : flood) {
                socket.close();
            }
            flood.clear();
            await().atMost(Duration.ofSeconds(20)).until(() -> child.stats().active() == 0);
            try (Socket fresh = new Socket("127.0.0.1", child.port())) {
                fresh.setSoTimeout(10_000);
                OutputStream out = fresh.getOutputStream();
                out.write(bytes("recovered\n"));
                out.flush();
                InputStream in = fresh.getInputStream();
                assertThat(new String(in.readNBytes(10), StandardCharsets.US_ASCII)).isEqualTo("recovered\n");
            }
        } finally {
            for (Socket socket : flood) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort in cleanup
        }
    }
}
