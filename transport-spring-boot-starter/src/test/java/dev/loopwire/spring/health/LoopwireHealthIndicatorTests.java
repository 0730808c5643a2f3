package dev.loopwire.spring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.ObservedTestServers;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import dev.loopwire.transport.server.TcpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class LoopwireHealthIndicatorTests {

    private static final Duration MAX_LAG = Duration.ofMillis(300);

    @Test
    void whenConnectionsOpenThenDetailsShowServersAndLoops() throws Exception {
        try (ObservedTestServers test = ObservedTestServers.start()) {
            ClientConnection connection = test.connect("echo");
            assertThat(ObservedTestServers.echo(connection, "hello")).isEqualTo("hello");
            LoopwireHealthIndicator indicator = new LoopwireHealthIndicator(test.servers(), MAX_LAG);

            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Map<String, Object> echo = detail(health, "servers", "echo");
            assertThat(echo).containsEntry("port", test.server("echo").port()).containsEntry("connections", 1)
                    .containsEntry("pausedConnections", 0).containsEntry("state", "RUNNING");
            Map<String, Object> loops = detail(health, "loops");
            assertThat(loops).containsKeys("test-io-0", "test-io-1", "loopwire-echo-accept", "loopwire-inline-accept");
            assertThat(loops.values()).extracting(loop -> (Object) ((Map<?, ?>) loop).get("connections"))
                    .containsExactlyInAnyOrder(1, 0, 0, 0);
            assertThat(detail(health, "loops", "test-io-0")).containsEntry("thread", "test-io-0")
                    .containsEntry("role", "io").containsEntry("alive", true).containsKeys("lagMs", "pendingTasks");
        }
    }

    @Test
    void whenIoLoopBlockedThenDownNamingTheLoopWithinTheThresholdAndUpWhenFreed() throws Exception {
        try (ObservedTestServers test = ObservedTestServers.start()) {
            LoopwireHealthIndicator indicator = new LoopwireHealthIndicator(test.servers(), MAX_LAG);
            ClientConnection inline = test.connect("inline");
            assertThat(ObservedTestServers.echo(inline, "ping")).isEqualTo("ping");
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            long blockedAt = System.nanoTime();
            String loop = test.blockInlineLoop(inline);

            // the lag probe is 100 ms; the loop must read DOWN once MAX_LAG has passed, not much later
            await().atMost(MAX_LAG.plusMillis(700)).pollInterval(Duration.ofMillis(20))
                    .until(() -> indicator.health().getStatus().equals(Status.DOWN));
            assertThat(Duration.ofNanos(System.nanoTime() - blockedAt)).isGreaterThanOrEqualTo(MAX_LAG.minusMillis(100));
            Health down = indicator.health();
            assertThat((List<?>) down.getDetails().get("problems")).singleElement().asString()
                    .contains("loop " + loop + " is stalled");
            assertThat((Double) detail(down, "loops", loop).get("lagMs")).isGreaterThanOrEqualTo(300.0);

            test.release();

            await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getStatus().equals(Status.UP));
            assertThat(indicator.health().getDetails()).doesNotContainKey("problems");
            assertThat(ObservedTestServers.echo(inline, "after")).isEqualTo("after");
        }
    }

    @Test
    void whenSharedLoopThreadEndedThenDownNamingTheDeadLoop() {
        EventLoopGroup loops = new EventLoopGroup(1, "doomed-io", LoopChooser.roundRobin());
        LoopwireHealthIndicator indicator = new LoopwireHealthIndicator(new LoopwireServers(loops, null), MAX_LAG);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        loops.close(); // the thread ends just after the loop's termination future completes

        await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        Health health = indicator.health();
        assertThat((List<?>) health.getDetails().get("problems")).singleElement().asString()
                .isEqualTo("loop doomed-io-0 is dead: its thread has ended");
        assertThat(detail(health, "loops", "doomed-io-0")).containsEntry("alive", false);
    }

    @Test
    void whenServerStoppedThenItsOwnDeadAcceptorDoesNotMakeItDown() {
        try (ObservedTestServers test = ObservedTestServers.empty()) {
            TcpServer gone = test.addEchoServer("gone");
            gone.shutdownGracefully(Duration.ofSeconds(5)).join();
            gone.acceptorLoop().terminationFuture().join();
            LoopwireHealthIndicator indicator = new LoopwireHealthIndicator(test.servers(), MAX_LAG);

            Health health = indicator.health();

            assertThat(detail(health, "loops", "loopwire-gone-accept")).containsEntry("alive", false);
            assertThat(detail(health, "servers", "gone")).containsEntry("state", "STOPPED");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(Health health, String... path) {
        Object node = health.getDetails();
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        assertThat(node).as("health detail %s", String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }
}
