package dev.loopwire.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.ObservedTestServers;
import dev.loopwire.transport.client.ClientConnection;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.loopwire.spring.health.MonitoredLoops;
import dev.loopwire.transport.stats.ServerStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopwireMetricsTests {

    private ObservedTestServers test;
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        test = ObservedTestServers.start();
        new LoopwireMetrics(test.servers()).bindTo(registry);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void whenConnectionsOpenAndCloseThenConnectionMetersFollow() throws Exception {
        assertThat(gauge("loopwire.connections.active", "echo")).isZero();
        ClientConnection first = test.connect("echo");
        ClientConnection second = test.connect("echo");
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("loopwire.connections.active", "echo") == 2);
        assertThat(counter("loopwire.connections.opened", "echo")).isEqualTo(2);

        first.closeGracefully().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("loopwire.connections.active", "echo") == 1);
        assertThat(counter("loopwire.connections.closed", "echo")).isEqualTo(1);
        assertThat(ObservedTestServers.echo(second, "still here")).isEqualTo("still here");
        assertThat(gauge("loopwire.connections.active", "inline")).isZero();
    }

    @Test
    void whenFramesFlowThenTrafficCountersMove() throws Exception {
        ClientConnection connection = test.connect("echo");
        for (int i = 0; i < 10; i++) {
            assertThat(ObservedTestServers.echo(connection, "frame-" + i)).isEqualTo("frame-" + i);
        }
        assertThat(counter("loopwire.frames.received", "echo")).isEqualTo(10);
        assertThat(counter("loopwire.frames.sent", "echo")).isEqualTo(10);
        // "frame-N\n" is 8 bytes each way (the default delimiter for replies is \n)
        assertThat(counter("loopwire.bytes.received", "echo")).isEqualTo(80);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("loopwire.bytes.sent", "echo") == 80);
        assertThat(registry.get("loopwire.bytes.sent").tag("server", "echo").functionCounter().getId().getBaseUnit())
                .isEqualTo("bytes");
    }

    @Test
    void whenConnectionsOverTheLimitThenRejectedWithReason() throws Exception {
        test.connect("inline");
        test.connect("inline");
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("loopwire.connections.active", "inline") == 2);

        ClientConnection third = test.connect("inline");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> counter("loopwire.connections.rejected", "inline", "reason", "max-connections") == 1);
        third.closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(counter("loopwire.connections.rejected", "inline", "reason", "shutdown")).isZero();
    }

    @Test
    void whenFrameTooLongOrHandlerFailsThenCountedByReason() throws Exception {
        byte[] tooLong = new byte[9001];
        java.util.Arrays.fill(tooLong, (byte) 'x');
        tooLong[9000] = '\n';
        test.sendRawAndAwaitClose("echo", tooLong); // over the 8 KiB line limit: counted, then closed
        ClientConnection failing = test.connect("echo");
        failing.sendFrame("fail".getBytes(StandardCharsets.UTF_8));
        failing.closeFuture().get(5, TimeUnit.SECONDS); // the default failure policy closes

        assertThat(counter("loopwire.frames.rejected", "echo", "reason", "too-long")).isEqualTo(1);
        assertThat(counter("loopwire.frames.rejected", "echo", "reason", "corrupt")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("loopwire.handler.errors", "echo") == 1);
    }

    @Test
    void whenPoolRepliesFlowThenDirectWriteMetersReadTheServerStatsAndIoServersHaveNone() throws Exception {
        ClientConnection connection = test.connect("echo");
        for (int i = 0; i < 10; i++) {
            assertThat(ObservedTestServers.echo(connection, "direct-" + i)).isEqualTo("direct-" + i);
        }
        ServerStats stats = test.server("echo").stats();
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("loopwire.frames.sent", "echo") == 10);
        // every reply left either by a direct write or, deferred, by the loop; the meters read the same counters
        assertThat(counter("loopwire.replies.direct", "echo")).isEqualTo(stats.repliesWrittenDirect());
        assertThat(counter("loopwire.direct.writes", "echo", "outcome", "deferred"))
                .isEqualTo(stats.directWritesDeferred());
        assertThat(counter("loopwire.replies.direct", "echo") + counter("loopwire.direct.writes", "echo", "outcome",
                "deferred")).isPositive();
        assertThat(counter("loopwire.direct.writes", "echo", "outcome", "failed")).isZero();
        assertThat(registry.find("loopwire.replies.direct").tag("server", "inline").functionCounter())
                .as("io dispatch always writes on the loop").isNull();
    }

    @Test
    void whenPeerLeavesMidFrameThenTheDroppedPartialFrameIsCountedAsTruncated() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", test.server("echo").port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("whole\npartial without newline".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput(); // end of input mid-frame: the whole frame is answered, the rest dropped
            String replies = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(replies).isEqualTo("whole\n");
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> counter("loopwire.frames.rejected", "echo", "reason", "truncated") == 1);
        assertThat(counter("loopwire.connections.resets", "echo")).isZero();
    }

    @Test
    void whenBoundThenEveryLoopHasLagTasksConnectionsAndIterations() throws Exception {
        test.connect("echo");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("loopwire.loop.connections").gauges().stream()
                .mapToDouble(g -> g.value()).sum() == 1);
        assertThat(registry.find("loopwire.loop.lag").timeGauges()).extracting(g -> g.getId().getTag("loop"))
                .containsExactlyInAnyOrder("test-io-0", "test-io-1", "loopwire-echo-accept", "loopwire-inline-accept");
        assertThat(registry.get("loopwire.loop.lag").tags("loop", "test-io-0", "role", "io").timeGauge()
                .value(TimeUnit.SECONDS)).isLessThan(1.0);
        assertThat(registry.get("loopwire.loop.iterations").tag("loop", "test-io-0").functionCounter().count())
                .isPositive();
        assertThat(registry.get("loopwire.loop.alive").tag("loop", "loopwire-echo-accept").gauge().value()).isEqualTo(1);
        assertThat(registry.find("loopwire.loop.tasks.pending").gauges()).hasSize(4);
    }

    @Test
    void whenBusinessPoolSharedThenPoolAndBackpressureGauges() {
        assertThat(registry.get("loopwire.business.workers.active").gauge().value()).isZero();
        assertThat(registry.get("loopwire.business.tasks.queued").gauge().value()).isZero();
        assertThat(registry.get("loopwire.business.frames.pending").tag("server", "echo").gauge().value()).isZero();
        assertThat(registry.find("loopwire.business.frames.pending").tag("server", "inline").gauge())
                .as("io dispatch has no business frames").isNull();
        assertThat(registry.get("loopwire.connections.paused").tags("server", "echo", "reason", "backpressure")
                .gauge().value()).isZero();
        assertThat(registry.get("loopwire.connections.paused").tags("server", "echo", "reason", "write-backlog")
                .gauge().value()).isZero();
    }

    @Test
    void whenServerJoinsAfterBindingThenRefreshBindsIt() throws Exception {
        try (ObservedTestServers late = ObservedTestServers.empty()) {
            SimpleMeterRegistry lateRegistry = new SimpleMeterRegistry();
            LoopwireMetrics metrics = new LoopwireMetrics(late.servers());
            metrics.bindTo(lateRegistry);
            assertThat(lateRegistry.find("loopwire.connections.active").gauge()).isNull();

            late.addEchoServer("late");
            metrics.refresh();
            metrics.refresh(); // idempotent

            assertThat(lateRegistry.get("loopwire.connections.active").tag("server", "late").gauges()).hasSize(1);
            assertThat(lateRegistry.get("loopwire.loop.lag").tag("loop", "loopwire-late-accept").timeGauges()).hasSize(1);
        }
    }

    @Test
    void whenCoreCountsDropsAndLingeringClosesThenTheirMetersReadThem() {
        ServerStats stats = test.server("echo").stats();
        stats.frameDroppedAfterClose();
        stats.replyDroppedAfterClose(3);
        stats.lingeringCloseStarted();
        stats.lingeringCloseStarted();
        stats.lingerTimedOut();
        stats.lingerBytesDiscarded(100);

        assertThat(counter("loopwire.frames.dropped", "echo", "reason", "after-close")).isEqualTo(1);
        assertThat(counter("loopwire.replies.dropped", "echo", "reason", "after-close")).isEqualTo(3);
        assertThat(counter("loopwire.connections.lingering", "echo")).isEqualTo(2);
        assertThat(counter("loopwire.connections.linger.timeouts", "echo")).isEqualTo(1);
        assertThat(counter("loopwire.bytes.discarded", "echo")).isEqualTo(100);
        assertThat(counter("loopwire.connections.lingering", "inline")).isZero();
    }

    @Test
    void whenBroadcastsSkipOrCloseSlowConsumersThenTheirMetersReadTheCoreCounters() {
        ServerStats stats = test.server("echo").stats();
        stats.broadcastSkipped();
        stats.broadcastSkipped();
        stats.slowConsumerClosed();

        assertThat(counter("loopwire.broadcast.skipped", "echo")).isEqualTo(2);
        assertThat(counter("loopwire.connections.slow.closed", "echo")).isEqualTo(1);
        assertThat(counter("loopwire.broadcast.skipped", "inline")).isZero();
    }

    @Test
    void whenServersShareLoopsAndMetersAreBoundAgainThenEachMeterIsRegisteredOnce() {
        Logger micrometer = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
        Level level = micrometer.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        micrometer.addAppender(events);
        micrometer.setLevel(Level.DEBUG); // after the first warning, Micrometer reports duplicates at debug
        try {
            LoopwireMetrics metrics = new LoopwireMetrics(test.servers());
            MeterRegistry fresh = new SimpleMeterRegistry();
            metrics.bindTo(fresh);
            metrics.refresh();
            metrics.bindTo(fresh);
            metrics.refresh();

            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains("already registered"));
            int loops = MonitoredLoops.of(test.servers()).size();
            assertThat(fresh.find("loopwire.loop.lag").timeGauges()).hasSize(loops);
            assertThat(fresh.find("loopwire.connections.active").gauges()).hasSize(2);
        } finally {
            micrometer.detachAppender(events);
            micrometer.setLevel(level);
        }
    }

    private double gauge(String name, String server) {
        return registry.get(name).tag("server", server).gauge().value();
    }

    private double counter(String name, String server, String... tags) {
        RequiredSearch search = registry.get(name).tag("server", server);
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        return search.functionCounter().count();
    }
}
