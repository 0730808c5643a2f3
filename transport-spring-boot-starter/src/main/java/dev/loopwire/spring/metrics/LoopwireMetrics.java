package dev.loopwire.spring.metrics;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.health.MonitoredLoops;
import dev.loopwire.spring.health.MonitoredLoops.MonitoredLoop;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.dispatch.Backpressure;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.stats.ServerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Publishes the core's own statistics as Micrometer meters: gauges and function counters that read the
 * {@link ServerStats} {@code LongAdder}s, the {@link Backpressure} counts and each loop's lock-free
 * {@code LoopStats} when the registry is read. Nothing is counted twice and nothing runs per frame.
 *
 * <p>Meters (tags in braces): {@code loopwire.connections.active}, {@code .opened}, {@code .closed},
 * {@code .idle.timeouts} {server}; {@code loopwire.connections.rejected} {server, reason=max-connections|shutdown};
 * {@code loopwire.connections.paused} {server, reason=backpressure|write-backlog};
 * {@code loopwire.bytes.received|sent}, {@code loopwire.frames.received|sent} {server};
 * {@code loopwire.frames.rejected} {server, reason=too-long|corrupt} (reason=no-route comes from
 * {@link MicrometerHandlerObservation}); {@code loopwire.handler.errors} {server};
 * {@code loopwire.frames.dropped}, {@code loopwire.replies.dropped} {server, reason=after-close};
 * {@code loopwire.connections.lingering}, {@code loopwire.connections.linger.timeouts},
 * {@code loopwire.bytes.discarded} {server} (lingering closes);
 * {@code loopwire.broadcast.skipped}, {@code loopwire.connections.slow.closed} {server} (slow consumers);
 * {@code loopwire.business.frames.pending}, {@code loopwire.replies.direct} {server} and
 * {@code loopwire.direct.writes} {server, outcome=partial|deferred|failed} (pool and virtual dispatch);
 * {@code loopwire.loop.lag}, {@code .tasks.pending}, {@code .connections}, {@code .alive}, {@code .iterations}
 * {loop, role}; {@code loopwire.business.workers.active}, {@code loopwire.business.workers},
 * {@code loopwire.business.tasks.queued} for the shared business pool when it is a thread pool.
 * TLS and PROXY protocol meters: see {@link SecurityMetrics}; buffer-pool meters ({@code loopwire.buffers.*}):
 * see {@link BufferMetrics}.
 *
 * <p>Servers join the registry while the context starts, which can be after Spring Boot binds meter
 * binders, so the meters are bound again once the context is refreshed; binding is idempotent: each
 * server, loop and pool is registered once per registry, however many servers share a loop. Binding runs on the thread that starts the context;
 * the meters are read on whichever thread reads the registry.
 */
public class LoopwireMetrics implements MeterBinder, ApplicationListener<ContextRefreshedEvent> {

    private final LoopwireServers servers;
    /** registries bound so far, bound again on refresh */
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /**
     * per registry, the servers, loops and pool whose meters it has: each is registered once, since
     * Micrometer warns about (and ignores) a gauge registered again, and the shared loops are seen on every
     * bind and refresh. Guarded by {@code this}.
     */
    private final Map<MeterRegistry, Set<Object>> bound = new IdentityHashMap<>();

    public LoopwireMetrics(LoopwireServers servers) {
        this.servers = Objects.requireNonNull(servers, "servers");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!registries.contains(registry)) {
            registries.add(registry);
        }
        bindServersAndLoops(registry);
    }

    /** Binds the servers and loops that joined since the registries were bound. */
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        refresh();
    }

    /** Binds every server and loop known now to every registry bound so far. Idempotent. */
    public synchronized void refresh() {
        for (MeterRegistry registry : registries) {
            bindServersAndLoops(registry);
        }
    }

    private synchronized void bindServersAndLoops(MeterRegistry registry) {
        Set<Object> done = bound.computeIfAbsent(registry,
                ignored -> Collections.newSetFromMap(new IdentityHashMap<>()));
        for (TcpServer server : servers.servers()) {
            if (done.add(server)) {
                bindServer(registry, server);
            }
        }
        for (MonitoredLoop loop : MonitoredLoops.of(servers)) {
            if (done.add(loop.loop())) {
                bindLoop(registry, loop);
            }
        }
        if (!done.contains(servers) && bindBusinessPool(registry)) {
            done.add(servers);
        }
    }

    private void bindServer(MeterRegistry registry, TcpServer server) {
        SecurityMetrics.bind(registry, server, registries);
        BufferMetrics.bind(registry, server);
        Tags tags = Tags.of("server", server.name());
        ServerStats stats = server.stats();
        Gauge.builder("loopwire.connections.active", stats, ServerStats::activeConnections).tags(tags)
                .description("Open connections").baseUnit(BaseUnits.CONNECTIONS).register(registry);
        counter(registry, "loopwire.connections.opened", "Connections accepted", BaseUnits.CONNECTIONS, tags,
                stats, ServerStats::connectionsOpened);
        counter(registry, "loopwire.connections.closed", "Connections closed, for any reason", BaseUnits.CONNECTIONS,
                tags, stats, ServerStats::connectionsClosed);
        counter(registry, "loopwire.connections.idle.timeouts", "Connections closed by the idle timeout",
                BaseUnits.CONNECTIONS, tags, stats, ServerStats::connectionsIdleClosed);
        counter(registry, "loopwire.connections.rejected", "Connections refused at accept", BaseUnits.CONNECTIONS,
                tags.and("reason", "max-connections"), stats, ServerStats::rejectedForMaxConnectionsCount);
        counter(registry, "loopwire.connections.rejected", "Connections refused at accept", BaseUnits.CONNECTIONS,
                tags.and("reason", "shutdown"), stats, ServerStats::rejectedForShutdownCount);
        counter(registry, "loopwire.connections.resets", "Connections that failed with a reset or another I/O error",
                BaseUnits.CONNECTIONS, tags, stats, ServerStats::connectionsReset);
        counter(registry, "loopwire.accept.failures",
                "Accepts that failed (e.g. out of file descriptors); each pauses accepting for 100 ms", "failures", tags,
                stats, ServerStats::acceptFailures);
        Backpressure backpressure = server.backpressure();
        Gauge.builder("loopwire.connections.paused", backpressure, Backpressure::pausedConnections)
                .tags(tags.and("reason", "backpressure")).baseUnit(BaseUnits.CONNECTIONS)
                .description("Connections not read from: business pool over its pending-frame limit, or own write backlog")
                .register(registry);
        Gauge.builder("loopwire.connections.paused", stats, ServerStats::writeBacklogPausedConnections)
                .tags(tags.and("reason", "write-backlog")).baseUnit(BaseUnits.CONNECTIONS)
                .description("Connections not read from: business pool over its pending-frame limit, or own write backlog")
                .register(registry);
        counter(registry, "loopwire.bytes.received", "Bytes read from connections", BaseUnits.BYTES, tags, stats,
                ServerStats::bytesReceived);
        counter(registry, "loopwire.bytes.sent", "Bytes written to connections", BaseUnits.BYTES, tags, stats,
                ServerStats::bytesSent);
        counter(registry, "loopwire.frames.received", "Frames decoded", "frames", tags, stats,
                ServerStats::framesReceived);
        counter(registry, "loopwire.frames.sent", "Reply frames queued for writing", "frames", tags, stats,
                ServerStats::repliesSent);
        counter(registry, "loopwire.frames.rejected", "Frames rejected", "frames", tags.and("reason", "too-long"),
                stats, s -> s.framesRejected(FrameError.TOO_LONG));
        counter(registry, "loopwire.frames.rejected", "Frames rejected", "frames", tags.and("reason", "corrupt"),
                stats, s -> s.framesRejected(FrameError.CORRUPT));
        counter(registry, "loopwire.frames.rejected", "Frames rejected", "frames", tags.and("reason", "truncated"),
                stats, ServerStats::partialFramesDropped);
        counter(registry, "loopwire.handler.errors", "Handler failures (thrown or failed asynchronous replies)",
                "errors", tags, stats, ServerStats::handlerErrors);
        counter(registry, "loopwire.frames.dropped", "Frames that arrived after their connection's closing reply was decided: never handled",
                "frames", tags.and("reason", "after-close"), stats, ServerStats::framesDroppedAfterClose);
        counter(registry, "loopwire.replies.dropped", "Replies behind a closing reply: never written",
                "replies", tags.and("reason", "after-close"), stats, ServerStats::repliesDroppedAfterClose);
        counter(registry, "loopwire.connections.lingering",
                "Closes that waited for the peer's EOF after the last reply (lingering closes)", BaseUnits.CONNECTIONS,
                tags, stats, ServerStats::lingeringCloses);
        counter(registry, "loopwire.connections.linger.timeouts",
                "Lingering closes that ended at the linger timeout instead of the peer's EOF", BaseUnits.CONNECTIONS,
                tags, stats, ServerStats::lingerTimeouts);
        counter(registry, "loopwire.bytes.discarded", "Bytes read and discarded from peers during lingering closes",
                BaseUnits.BYTES, tags, stats, ServerStats::lingerDiscardedBytes);
        counter(registry, "loopwire.broadcast.skipped",
                "Broadcast deliveries skipped because the receiver was a slow consumer (backlog over its high watermark)",
                "deliveries", tags, stats, ServerStats::broadcastSkippedCount);
        counter(registry, "loopwire.connections.slow.closed",
                "Connections closed by a broadcast because they were slow consumers (slow-consumer: close)",
                BaseUnits.CONNECTIONS, tags, stats, ServerStats::slowConsumersClosed);
        if (usesBusinessThreads(server)) {
            counter(registry, "loopwire.replies.direct",
                    "Replies written to the socket by the business thread that produced them (direct writes)",
                    "replies", tags, stats, ServerStats::repliesWrittenDirect);
            counter(registry, "loopwire.direct.writes",
                    "Direct writes whose rest the socket did not take and the loop wrote", "writes",
                    tags.and("outcome", "partial"), stats, ServerStats::directWritesPartial);
            counter(registry, "loopwire.direct.writes",
                    "Batches left to the loop: it was writing, or earlier replies were still queued", "writes",
                    tags.and("outcome", "deferred"), stats, ServerStats::directWritesDeferred);
            counter(registry, "loopwire.direct.writes", "Direct writes that failed (the loop closed the connection)",
                    "writes", tags.and("outcome", "failed"), stats, ServerStats::directWriteFailures);
            Gauge.builder("loopwire.business.frames.pending", backpressure, Backpressure::pendingFrames).tags(tags)
                    .description("Frames handed to the business pool and not yet handled").baseUnit("frames")
                    .register(registry);
        }
    }

    /** The server's dispatch, or one of its routes (an io server's pool routes), hands frames to business threads. */
    private static boolean usesBusinessThreads(TcpServer server) {
        if (server.config().dispatch() != Dispatch.IO) {
            return true;
        }
        return server.config().handler() instanceof RouteDispatch routes
                && (routes.routeDispatches().contains(Dispatch.POOL)
                        || routes.routeDispatches().contains(Dispatch.VIRTUAL));
    }

    private static void bindLoop(MeterRegistry registry, MonitoredLoop monitored) {
        EventLoop loop = monitored.loop();
        Tags tags = Tags.of("loop", loop.name(), "role", monitored.role().label());
        TimeGauge.builder("loopwire.loop.lag", loop, TimeUnit.NANOSECONDS, l -> MonitoredLoops.lag(l.stats()).toNanos()).tags(tags)
                .description("How late the loop runs work that is due; grows while the loop is stalled")
                .register(registry);
        Gauge.builder("loopwire.loop.tasks.pending", loop, l -> l.stats().pendingTasks()).tags(tags)
                .description("Tasks queued for the loop and not yet run").baseUnit("tasks").register(registry);
        Gauge.builder("loopwire.loop.connections", loop, l -> l.stats().connections()).tags(tags)
                .description("Connections registered on the loop").baseUnit(BaseUnits.CONNECTIONS).register(registry);
        Gauge.builder("loopwire.loop.alive", loop, l -> l.isAlive() ? 1 : 0).tags(tags)
                .description("1 while the loop thread runs, 0 once it has ended").register(registry);
        FunctionCounter.builder("loopwire.loop.iterations", loop, l -> l.stats().iterations()).tags(tags)
                .description("Select iterations run").baseUnit("iterations").register(registry);
    }

    /** Registers the shared pool's gauges; false when there is no pool to read (yet). */
    private boolean bindBusinessPool(MeterRegistry registry) {
        if (servers.businessPoolStats().activeWorkers() < 0) {
            return false; // no shared pool, or not a ThreadPoolExecutor: nothing to read
        }
        LoopwireServers source = servers;
        Gauge.builder("loopwire.business.workers.active", source, s -> s.businessPoolStats().activeWorkers())
                .description("Business threads running handler work").baseUnit(BaseUnits.THREADS).register(registry);
        Gauge.builder("loopwire.business.workers", source, s -> s.businessPoolStats().poolSize())
                .description("Business threads in the pool").baseUnit(BaseUnits.THREADS).register(registry);
        Gauge.builder("loopwire.business.tasks.queued", source, s -> s.businessPoolStats().queuedTasks())
                .description("Connection drain tasks waiting for a business thread").baseUnit(BaseUnits.TASKS)
                .register(registry);
        return true;
    }

    private static <T> void counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
            T source, ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, source, read).tags(tags).description(description).baseUnit(unit)
                .register(registry);
    }
}
