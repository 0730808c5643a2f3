package dev.loopwire.transport.server;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.dispatch.MixedDispatch;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Chooses the executors of a server whose routes override its dispatch ({@link RouteDispatch}). The
 * server's own mode keeps the executor it has always had; a route mode other than the server's gets:
 * <ul>
 *   <li>{@code pool}: the configured business executor when the server's own dispatch is {@code io} (it
 *       is otherwise unused there), else a bounded pool of the server's own;</li>
 *   <li>{@code virtual}: a virtual-thread executor of the server's own (Java 21 or later).</li>
 * </ul>
 * Main thread, while the server starts.
 */
final class RouteExecutors {

    private RouteExecutors() {
    }

    /**
     * The per-route dispatch of {@code config}'s server, or null when no route overrides its dispatch (it
     * then dispatches exactly as a server without routes).
     *
     * @param serverExecutor the executor of the server's own mode; null for {@code io}
     * @param owned          receives the executors made here, for the server to shut down
     * @throws IllegalStateException when a route needs virtual threads on a JVM older than 21
     */
    static MixedDispatch create(TcpServerConfig config, Executor serverExecutor, List<ExecutorService> owned) {
        if (!(config.handler() instanceof RouteDispatch routes)) {
            return null;
        }
        Set<Dispatch> modes = routes.routeDispatches().isEmpty() ? EnumSet.noneOf(Dispatch.class)
                : EnumSet.copyOf(routes.routeDispatches());
        modes.remove(config.dispatch());
        if (modes.isEmpty()) {
            return null;
        }
        Executor pool = config.dispatch() == Dispatch.POOL ? serverExecutor : null;
        Executor virtual = config.dispatch() == Dispatch.VIRTUAL ? serverExecutor : null;
        if (modes.contains(Dispatch.POOL)) {
            if (config.dispatch() == Dispatch.IO && config.businessExecutor() != null) {
                pool = config.businessExecutor();
            } else {
                ExecutorService own = BusinessExecutors.bounded("loopwire-" + config.name() + "-worker",
                        config.businessThreads(), config.maxConnections() + 1024);
                owned.add(own);
                pool = own;
            }
        }
        if (modes.contains(Dispatch.VIRTUAL)) {
            ExecutorService own = BusinessExecutors.virtualThreads();
            owned.add(own);
            virtual = own;
        }
        return new MixedDispatch(routes, config.dispatch(), pool, virtual);
    }
}
