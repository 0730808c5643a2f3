package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.stats.ServerStats;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mixed load with random disconnects ({@link SoakRun}); afterwards the connection and pause gauges are
 * back at zero, and live heap, thread count and direct-buffer memory are back at their baseline. A short
 * run is part of the default suite; the long one runs alone with
 * {@code mvn -B -pl transport-core -Psoak verify} (length: {@code -Dloopwire.soak.seconds=180}).
 */
class SoakHardeningTests {

    /**
     * Heap the run may leave above its baseline once its idle timers came due: caches warmed by the run,
     * not per-connection state (a leak of one small object per connection would pass it within seconds).
     */
    private static final long HEAP_SLACK_BYTES = 1024 * 1024;
    /**
     * Direct memory the run may leave above its baseline: the JDK's per-thread temporary buffers of a few
     * bytes. A leaked read buffer would be 64 KiB; a per-connection leak would scale with the hundreds of
     * thousands of connections a run makes.
     */
    private static final long DIRECT_SLACK_BYTES = 16 * 1024;

    @Test
    void whenShortSoakEndsThenResourcesReturnToBaseline() throws Exception {
        soak(Duration.ofSeconds(10));
    }

    @Test
    @Tag("soak")
    void whenSoakEndsThenResourcesReturnToBaseline() throws Exception {
        soak(Duration.ofSeconds(Long.getLong("loopwire.soak.seconds", 180)));
    }

    private static void soak(Duration duration) throws Exception {
        try (SoakRun soak = new SoakRun()) {
            TcpServer server = soak.server();
            ServerStats stats = server.stats();
            assertThat(soak.run(Duration.ofSeconds(2), 1).failures()).isEmpty(); // warm-up: classes, JIT, pools
            awaitIdle(server);
            SoakRun.Footprint baseline = SoakRun.Footprint.now();

            SoakRun.Result result = soak.run(duration, 42);

            assertThat(result.failures()).isEmpty();
            assertThat(result.sessions()).isPositive();
            awaitIdle(server);
            assertThat(stats.connectionsClosed()).isEqualTo(stats.connectionsOpened());
            // the idle timers of closed connections stay queued (cancelled) until they come due: the heap
            // returns to its baseline within one idle timeout, so poll for it (each poll collects)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Hardening.heapAfterFullGc() < baseline.liveHeapBytes() + HEAP_SLACK_BYTES);
            SoakRun.Footprint after = SoakRun.Footprint.now(); // outside the await, whose poll thread would count
            assertThat(after.liveHeapBytes()).isLessThan(baseline.liveHeapBytes() + HEAP_SLACK_BYTES);
            // no thread left behind (idle common-pool workers may have ended meanwhile, so at most as many)
            assertThat(after.threads()).isLessThanOrEqualTo(baseline.threads());
            assertThat(after.directBytes()).isLessThan(baseline.directBytes() + DIRECT_SLACK_BYTES);
            report("soak %d s: %d sessions, %d replies checked, %d connections, %d resets, %d partial frames, "
                    + "%d handler errors; live heap %d -> %d bytes, threads %d -> %d, direct %d -> %d bytes",
                    duration.toSeconds(), result.sessions(), result.requests(), stats.connectionsOpened(),
                    stats.connectionsReset(), stats.partialFramesDropped(), stats.handlerErrors(),
                    baseline.liveHeapBytes(), after.liveHeapBytes(), baseline.threads(), after.threads(),
                    baseline.directBytes(), after.directBytes());
        }
    }

    /** Waits until no connection, pause or pending frame is left anywhere in the server. */
    private static void awaitIdle(TcpServer server) {
        ServerStats stats = server.stats();
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.activeConnections() == 0
                && stats.writeBacklogPausedConnections() == 0
                && server.backpressure().pendingFrames() == 0
                && server.backpressure().pausedConnections() == 0
                && server.eventLoopGroup().loops().stream().map(EventLoop::stats).allMatch(s -> s.connections() == 0));
    }
}
