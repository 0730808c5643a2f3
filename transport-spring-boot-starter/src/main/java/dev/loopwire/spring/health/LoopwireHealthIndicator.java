package dev.loopwire.spring.health;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.health.MonitoredLoops.MonitoredLoop;
import dev.loopwire.transport.loop.LoopStats;
import dev.loopwire.transport.server.TcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Loopwire reactor: UP while every loop that should run has a live thread and a lag under
 * {@code loopwire.health.max-loop-lag}; DOWN, naming each such loop under {@code problems}, when a loop
 * thread died or a loop is stalled (a handler blocking an {@code io}-dispatch loop, say).
 *
 * <p>Details: per server its state, port, connections and paused connections; per loop (keyed by its
 * thread name) role, alive, lag, pending tasks and connections. A server's own loops count only while
 * the server runs, so a server that is draining or stopped does not turn the application DOWN.
 *
 * <p>Called on the actuator's thread; reads the core's lock-free statistics and keeps no state.
 */
public class LoopwireHealthIndicator extends AbstractHealthIndicator {

    private final LoopwireServers servers;
    private final Duration maxLoopLag;

    /**
     * @param servers    the registry to report on
     * @param maxLoopLag the largest lag still reported as UP
     */
    public LoopwireHealthIndicator(LoopwireServers servers, Duration maxLoopLag) {
        super("Loopwire health check failed");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.maxLoopLag = Objects.requireNonNull(maxLoopLag, "maxLoopLag");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> loops = new LinkedHashMap<>();
        for (MonitoredLoop monitored : MonitoredLoops.of(servers)) {
            LoopStats stats = monitored.loop().stats();
            loops.put(stats.name(), loopDetails(monitored, stats));
            if (monitored.expectedRunning()) {
                problem(stats).ifPresent(problems::add);
            }
        }
        Map<String, Object> serverDetails = new LinkedHashMap<>();
        for (TcpServer server : servers.servers()) {
            serverDetails.put(server.name(), serverDetails(server));
        }
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("problems", problems);
        }
        builder.withDetail("maxLoopLagMs", MonitoredLoops.millis(maxLoopLag))
                .withDetail("servers", serverDetails)
                .withDetail("loops", loops);
    }

    private Optional<String> problem(LoopStats stats) {
        if (!stats.alive()) {
            return Optional.of("loop " + stats.name() + " is dead: its thread has ended");
        }
        Duration lag = MonitoredLoops.lag(stats);
        if (lag.compareTo(maxLoopLag) >= 0) {
            return Optional.of("loop " + stats.name() + " is stalled: lag " + MonitoredLoops.millis(lag)
                    + " ms, max " + MonitoredLoops.millis(maxLoopLag) + " ms");
        }
        return Optional.empty();
    }

    private static Map<String, Object> loopDetails(MonitoredLoop monitored, LoopStats stats) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("thread", stats.name());
        details.put("role", monitored.role().label());
        if (monitored.owner() != null) {
            details.put("server", monitored.owner().name());
        }
        details.put("alive", stats.alive());
        details.put("lagMs", MonitoredLoops.millis(MonitoredLoops.lag(stats)));
        details.put("pendingTasks", stats.pendingTasks());
        details.put("connections", stats.connections());
        return details;
    }

    private static Map<String, Object> serverDetails(TcpServer server) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", server.state().name());
        if (server.localAddress() != null) {
            details.put("port", server.port());
        }
        details.put("connections", server.stats().activeConnections());
        details.put("pausedConnections", server.backpressure().pausedConnections()
                + server.stats().writeBacklogPausedConnections());
        return details;
    }
}
