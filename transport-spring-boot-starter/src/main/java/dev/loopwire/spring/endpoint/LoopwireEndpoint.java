package dev.loopwire.spring.endpoint;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.LoopwireServers.BusinessPoolStats;
import dev.loopwire.spring.health.MonitoredLoops;
import dev.loopwire.spring.health.MonitoredLoops.MonitoredLoop;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import java.nio.ByteOrder;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.loop.LoopStats;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.ServerStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code loopwire} actuator endpoint: each server (port, framing, dispatch, connections, paused
 * connections, limits, traffic), each event loop (the figures health uses) and the shared business
 * pool, as JSON meant to be read by a person. {@code /actuator/loopwire/{server}} shows one server.
 *
 * <p>Called on the actuator's thread; reads the core's lock-free statistics, so figures taken at one
 * instant may disagree by the traffic of that instant.
 */
@Endpoint(id = "loopwire")
public class LoopwireEndpoint {

    private final LoopwireServers servers;
    /** the clients' descriptions by name (loopwire.clients), empty when there are none */
    private final Supplier<Map<String, ?>> clients;

    public LoopwireEndpoint(LoopwireServers servers) {
        this(servers, Map::of);
    }

    /** With the configured clients ({@code loopwire.clients}) listed under {@code clients}. */
    public LoopwireEndpoint(LoopwireServers servers, Supplier<Map<String, ?>> clients) {
        this.servers = Objects.requireNonNull(servers, "servers");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** Everything: servers, loops, business pool and clients. */
    @ReadOperation
    public LoopwireDescriptor loopwire() {
        Map<String, ServerDescriptor> serverMap = new LinkedHashMap<>();
        for (TcpServer server : servers.servers()) {
            serverMap.put(server.name(), describe(server));
        }
        Map<String, LoopDescriptor> loops = new LinkedHashMap<>();
        for (MonitoredLoop monitored : MonitoredLoops.of(servers)) {
            LoopStats stats = monitored.loop().stats();
            loops.put(stats.name(), new LoopDescriptor(monitored.role().label(),
                    monitored.owner() == null ? null : monitored.owner().name(), stats.alive(), stats.iterations(),
                    MonitoredLoops.millis(MonitoredLoops.lag(stats)),
                    stats.iterations() == 0 ? 0.0 : MonitoredLoops.millis(stats.sinceIterationStart()),
                    stats.pendingTasks(), stats.connections(), monitored.loop().selectorRebuilds()));
        }
        return new LoopwireDescriptor(serverMap, loops, businessPool(), clients.get());
    }

    /** One server, or 404 when there is none of that name. */
    @ReadOperation
    public ServerDescriptor server(@Selector String name) {
        return servers.server(name).map(LoopwireEndpoint::describe).orElse(null);
    }

    private BusinessPoolDescriptor businessPool() {
        if (servers.businessExecutor() == null) {
            return null;
        }
        BusinessPoolStats stats = servers.businessPoolStats();
        return new BusinessPoolDescriptor(servers.businessExecutor().getClass().getSimpleName(),
                known(stats.activeWorkers()), known(stats.poolSize()), known(stats.maxThreads()),
                known(stats.queuedTasks()));
    }

    private static Integer known(int figure) {
        return figure < 0 ? null : figure;
    }

    private static ServerDescriptor describe(TcpServer server) {
        TcpServerConfig config = server.config();
        ServerStats stats = server.stats();
        ConnectionSettings settings = config.connectionSettings();
        Limits limits = new Limits(config.maxConnections(), config.maxPendingFrames(), config.framing().maxFrameBytes(),
                settings.lowWatermark(), settings.highWatermark(),
                settings.idleTimeout().isZero() ? null : settings.idleTimeout().toString());
        Paused paused = new Paused(server.backpressure().pausedConnections(), stats.writeBacklogPausedConnections());
        Traffic traffic = new Traffic(stats.connectionsOpened(), stats.connectionsClosed(),
                stats.connectionsIdleClosed(), stats.rejectedForMaxConnectionsCount(),
                stats.rejectedForShutdownCount(), stats.bytesReceived(), stats.bytesSent(), stats.framesReceived(),
                stats.repliesSent(), stats.framesRejected(FrameError.TOO_LONG), stats.framesRejected(FrameError.CORRUPT),
                stats.handlerErrors());
        return new ServerDescriptor(server.state().name(), config.host(),
                server.localAddress() == null ? null : server.port(), FramingDescriptor.of(config.framing()),
                config.dispatch().name().toLowerCase(Locale.ROOT), stats.activeConnections(), paused,
                server.backpressure().pendingFrames(), limits, traffic, Buffers.of(server));
    }

    /**
     * The whole endpoint's answer.
     *
     * @param servers      by name, in configuration order
     * @param loops        by thread name: shared I/O loops, then each server's own loops
     * @param businessPool the shared business pool, null when there is none
     * @param clients      the configured clients by name (loopwire.clients)
     */
    public record LoopwireDescriptor(Map<String, ServerDescriptor> servers, Map<String, LoopDescriptor> loops,
            BusinessPoolDescriptor businessPool, Map<String, ?> clients) implements OperationResponseBody {
    }

    /**
     * One server.
     *
     * @param state         NEW, RUNNING, DRAINING or STOPPED
     * @param host          the configured bind address
     * @param port          the bound port, null before start
     * @param framing       the framing with its settings, as fields
     * @param dispatch      io, pool or virtual
     * @param connections   open connections
     * @param paused        connections not read from now, by cause
     * @param pendingFrames frames handed to the business pool and not yet handled
     * @param limits        the configured limits
     * @param traffic       counters since start
     */
    public record ServerDescriptor(String state, String host, Integer port, FramingDescriptor framing, String dispatch,
            int connections, Paused paused, int pendingFrames, Limits limits, Traffic traffic, Buffers buffers)
            implements OperationResponseBody {
    }

    /**
     * The buffer pools of a server whose handler takes frames as buffers, summed over its loops; null for
     * servers whose handlers take arrays (they have none).
     *
     * @param hits        buffers lent from an idle pooled buffer
     * @param allocations direct buffers made within the bounds
     * @param misses      buffers served outside the pool (a bound reached, or larger than the largest class)
     * @param bytesHeld   direct bytes held, lent out or idle
     * @param outstanding buffers lent and not yet released
     */
    public record Buffers(long hits, long allocations, long misses, long bytesHeld, long outstanding) {

        static Buffers of(TcpServer server) {
            if (server.config().bufferHandler() == null) {
                return null;
            }
            dev.loopwire.transport.buffer.BufferPoolStats stats = server.bufferPoolStats();
            return new Buffers(stats.hits(), stats.allocations(), stats.misses(), stats.bytesHeld(),
                    stats.outstanding());
        }
    }

    /**
     * A server's framing as JSON fields: {@code type} says which, the other fields are that framing's
     * settings, with enum values written as in the properties ({@code auto}, {@code big-endian}, ...).
     */
    public sealed interface FramingDescriptor permits LineFramingDescriptor, LengthFieldFramingDescriptor,
            CustomFramingDescriptor {

        /** {@code line}, {@code length-field} or {@code custom}. */
        String type();

        /** The largest frame accepted, in bytes, delimiter or header included. */
        int maxFrameBytes();

        /** The descriptor of a framing. */
        static FramingDescriptor of(Framing framing) {
            if (framing instanceof LineFraming line) {
                return new LineFramingDescriptor("line", property(line.delimiter()), line.maxLineLength(),
                        property(line.tooLongAction()), line.maxFrameBytes());
            }
            if (framing instanceof LengthFieldFraming field) {
                return new LengthFieldFramingDescriptor("length-field", field.lengthFieldOffset(),
                        field.lengthFieldLength(), field.lengthAdjustment(), field.initialBytesToStrip(),
                        field.byteOrder() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian",
                        field.maxFrameLength(), property(field.tooLongAction()), field.maxFrameBytes());
            }
            return new CustomFramingDescriptor("custom", framing.getClass().getName(), framing.toString(),
                    framing.maxFrameBytes());
        }

        private static String property(Enum<?> value) {
            return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Line framing.
     *
     * @param type          {@code line}
     * @param delimiter     auto, lf or crlf
     * @param maxLineLength the longest line accepted, delimiter not counted
     * @param onTooLong     close or discard
     * @param maxFrameBytes the longest line with its delimiter
     */
    public record LineFramingDescriptor(String type, String delimiter, int maxLineLength, String onTooLong,
            int maxFrameBytes) implements FramingDescriptor {
    }

    /**
     * Length-field framing.
     *
     * @param type                {@code length-field}
     * @param lengthFieldOffset   bytes before the length field
     * @param lengthFieldLength   size of the length field in bytes
     * @param lengthAdjustment    added to the field's value to get the bytes after the field
     * @param initialBytesToStrip header bytes removed from decoded frames
     * @param byteOrder           big-endian or little-endian
     * @param maxFrameLength      the largest frame accepted, header included
     * @param onTooLong           close or discard
     * @param maxFrameBytes       same as maxFrameLength
     */
    public record LengthFieldFramingDescriptor(String type, int lengthFieldOffset, int lengthFieldLength,
            int lengthAdjustment, int initialBytesToStrip, String byteOrder, int maxFrameLength, String onTooLong,
            int maxFrameBytes) implements FramingDescriptor {
    }

    /**
     * A framing of the application's own.
     *
     * @param type          {@code custom}
     * @param className     its class
     * @param description   its {@code toString()}
     * @param maxFrameBytes the largest frame it accepts
     */
    public record CustomFramingDescriptor(String type, String className, String description, int maxFrameBytes)
            implements FramingDescriptor {
    }

    /**
     * Connections not read from.
     *
     * @param backpressure because the business pool is over the server's pending-frame limit
     * @param writeBacklog because their own write backlog is over the high watermark
     */
    public record Paused(int backpressure, int writeBacklog) {
    }

    /**
     * Configured limits.
     *
     * @param maxConnections      connections refused beyond this
     * @param maxPendingFrames    business-pool frames above which reading pauses
     * @param maxFrameBytes       the largest frame accepted
     * @param lowWatermarkBytes   write backlog at which a paused connection resumes reading
     * @param highWatermarkBytes  write backlog above which a connection pauses reading
     * @param idleTimeout         ISO-8601 idle timeout, null when off
     */
    public record Limits(int maxConnections, int maxPendingFrames, int maxFrameBytes, int lowWatermarkBytes,
            int highWatermarkBytes, String idleTimeout) {
    }

    /** Counters since the server started. */
    public record Traffic(long connectionsOpened, long connectionsClosed, long idleTimeouts,
            long rejectedMaxConnections, long rejectedShutdown, long bytesReceived, long bytesSent,
            long framesReceived, long framesSent, long framesTooLong, long framesCorrupt, long handlerErrors) {
    }

    /**
     * One event loop.
     *
     * @param role                   io or accept
     * @param server                 the server owning it alone, null for shared I/O loops
     * @param alive                  whether its thread runs
     * @param iterations             select iterations so far
     * @param lagMs                  how late it runs due work, in ms; grows while it is stalled
     * @param sinceIterationStartMs  how long ago its current iteration started, in ms
     * @param pendingTasks           tasks queued for it
     * @param connections            connections registered on it
     * @param selectorRebuilds       selector rebuilds after an epoll spin
     */
    public record LoopDescriptor(String role, String server, boolean alive, long iterations, double lagMs,
            double sinceIterationStartMs, int pendingTasks, int connections, int selectorRebuilds) {
    }

    /**
     * The shared business pool; a figure is null when the executor does not tell it.
     *
     * @param executor      the executor's type
     * @param activeWorkers threads running handler work
     * @param poolSize      threads in the pool
     * @param maxThreads    the thread limit
     * @param queuedTasks   connection drain tasks waiting for a thread
     */
    public record BusinessPoolDescriptor(String executor, Integer activeWorkers, Integer poolSize, Integer maxThreads,
            Integer queuedTasks) {
    }
}
