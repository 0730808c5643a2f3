package dev.loopwire.spring;

import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.server.TcpServer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The Loopwire servers of an application, with the I/O loops and business executor they share: the one
 * place health, metrics and the actuator endpoint read from. Servers are added while the context starts;
 * reads are safe from any thread.
 */
public final class LoopwireServers {

    private final EventLoopGroup ioLoops;
    private final Executor businessExecutor;
    private final Map<String, TcpServer> servers = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * @param ioLoops          the shared I/O loop group
     * @param businessExecutor the shared business executor (may be null when no server uses pool dispatch)
     */
    public LoopwireServers(EventLoopGroup ioLoops, Executor businessExecutor) {
        this.ioLoops = ioLoops;
        this.businessExecutor = businessExecutor;
    }

    /** Adds a server under its name. */
    public void register(TcpServer server) {
        servers.put(server.name(), server);
    }

    /** The servers in configuration order (a snapshot). */
    public Collection<TcpServer> servers() {
        synchronized (servers) {
            return java.util.List.copyOf(servers.values());
        }
    }

    /** The server of that name, if configured. */
    public Optional<TcpServer> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /** The I/O loops every server runs on. */
    public EventLoopGroup ioLoops() {
        return ioLoops;
    }

    /** The business executor shared by pool-dispatched servers (null when none). */
    public Executor businessExecutor() {
        return businessExecutor;
    }

    /** The business pool's state now; figures are -1 where the executor does not tell them. */
    public BusinessPoolStats businessPoolStats() {
        if (businessExecutor instanceof ThreadPoolExecutor pool) {
            return new BusinessPoolStats(pool.getActiveCount(), pool.getPoolSize(), pool.getMaximumPoolSize(),
                    pool.getQueue().size());
        }
        return new BusinessPoolStats(-1, -1, -1, -1);
    }

    /**
     * A snapshot of the business pool.
     *
     * @param activeWorkers threads running handler work now
     * @param poolSize      threads in the pool now
     * @param maxThreads    the pool's thread limit
     * @param queuedTasks   drain tasks (one per busy connection) waiting for a thread
     */
    public record BusinessPoolStats(int activeWorkers, int poolSize, int maxThreads, int queuedTasks) {
    }
}
