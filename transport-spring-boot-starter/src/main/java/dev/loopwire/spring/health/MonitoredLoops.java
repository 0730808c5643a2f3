package dev.loopwire.spring.health;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.server.TcpServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The event loops behind a {@link LoopwireServers} registry, each once: the shared I/O loops, the I/O loops
 * of a server that runs its own group, and every server's acceptor loop. Health, metrics and the
 * endpoint all walk this one list, so they agree on which loops exist.
 *
 * <p>Safe from any thread: it reads the registry's snapshot and each server's (volatile-free but
 * start-once) loop references; a server not started yet contributes no loops.
 */
public final class MonitoredLoops {

    /** What a loop does for its server(s). */
    public enum Role {
        /** Reads, decodes, dispatches and writes connections; may be shared by servers. */
        IO,
        /** Accepts connections for one server. */
        ACCEPT;

        /** The role as shown in JSON and tags: {@code io} or {@code accept}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One loop and who it belongs to.
     *
     * @param loop  the loop
     * @param role  what it does
     * @param owner the server that owns it alone, or null for the shared I/O loops
     */
    public record MonitoredLoop(EventLoop loop, Role role, TcpServer owner) {

        /** True when the loop must be running: shared loops always, a server's own while it runs. */
        public boolean expectedRunning() {
            return owner == null || owner.state() == TcpServer.State.RUNNING;
        }
    }

    private MonitoredLoops() {
    }

    /** The loops of {@code servers} now, shared I/O loops first, then per server in registry order. */
    public static List<MonitoredLoop> of(LoopwireServers servers) {
        Set<EventLoop> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MonitoredLoop> result = new ArrayList<>();
        EventLoopGroup shared = servers.ioLoops();
        if (shared != null) {
            for (EventLoop loop : shared.loops()) {
                if (seen.add(loop)) {
                    result.add(new MonitoredLoop(loop, Role.IO, null));
                }
            }
        }
        for (TcpServer server : servers.servers()) {
            EventLoopGroup group = server.eventLoopGroup();
            if (group != null && group != shared) {
                for (EventLoop loop : group.loops()) {
                    if (seen.add(loop)) {
                        result.add(new MonitoredLoop(loop, Role.IO, server));
                    }
                }
            }
            EventLoop acceptor = server.acceptorLoop();
            if (acceptor != null && seen.add(acceptor)) {
                result.add(new MonitoredLoop(acceptor, Role.ACCEPT, server));
            }
        }
        return result;
    }

    /**
     * The loop's lag, or zero before its first iteration: until the loop thread has scheduled its first
     * probe, the core reports the lag against a probe due at time 0, a meaningless huge figure. A handler
     * or task can only stall a loop from inside an iteration, so nothing real is hidden.
     */
    public static java.time.Duration lag(dev.loopwire.transport.loop.LoopStats stats) {
        return stats.iterations() == 0 ? java.time.Duration.ZERO : stats.lag();
    }

    /** {@code duration} in milliseconds rounded to microseconds: a figure people read and tools parse. */
    public static double millis(java.time.Duration duration) {
        return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
    }
}
