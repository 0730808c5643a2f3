package dev.loopwire.benchmarks.lab;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Loopwire models: a core {@link TcpServer} with line framing whose handler is {@link LabRequest},
 * in one dispatch mode with a given number of loops. {@code ioThreads 1} + {@link Dispatch#IO} is the
 * single reactor, N loops + IO the multi-reactor, {@link Dispatch#POOL} half-sync/half-async (a pool of
 * {@code workers} threads), {@link Dispatch#VIRTUAL} M:N on virtual threads (Java 21+).
 *
 * <p>With {@code asyncReplies}, the handler runs on the loop ({@link Dispatch#IO}) and answers ECHO there;
 * CPU and WAIT go to a fixed pool of {@code workers} threads and come back as {@link Reply#later}, which the
 * connection writes in request order. Requests of one connection then run in parallel, as in SEDA's
 * handle stage, with what the core offers today.
 *
 * <p>With {@code perRoute} (a {@link Dispatch#IO} server), the handler names each frame's dispatch through
 * {@link RouteDispatch}: ECHO answers on the loop, CPU and WAIT run on the pool of {@code workers} threads,
 * and a connection's frames still run one at a time, in order.
 */
final class LoopwireLabServer implements LabServer {

    private final String name;
    private final Dispatch dispatch;
    private final int ioThreads;
    private final int workers;
    private final boolean asyncReplies;
    private final boolean perRoute;
    private TcpServer server;
    private ExecutorService replyPool;

    LoopwireLabServer(String name, Dispatch dispatch, int ioThreads, int workers) {
        this(name, dispatch, ioThreads, workers, false);
    }

    LoopwireLabServer(String name, Dispatch dispatch, int ioThreads, int workers, boolean asyncReplies) {
        this(name, dispatch, ioThreads, workers, asyncReplies, false);
    }

    /** A per-route server: {@link Dispatch#IO} by default, CPU and WAIT routes on the pool. */
    static LoopwireLabServer perRoute(String name, int ioThreads, int workers) {
        return new LoopwireLabServer(name, Dispatch.IO, ioThreads, workers, false, true);
    }

    private LoopwireLabServer(String name, Dispatch dispatch, int ioThreads, int workers, boolean asyncReplies,
            boolean perRoute) {
        this.name = name;
        this.perRoute = perRoute;
        this.dispatch = dispatch;
        this.ioThreads = ioThreads;
        this.workers = workers;
        this.asyncReplies = asyncReplies;
    }

    @Override
    public int start() {
        replyPool = asyncReplies ? Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, name + "-reply-pool");
            thread.setDaemon(true);
            return thread;
        }) : null;
        FrameHandler handler = this::handle;
        server = new TcpServer(TcpServerConfig.builder(perRoute ? new SlowRoutesOnPool(handler) : handler)
                .name(name)
                .host("127.0.0.1")
                .port(0)
                .framing(LineFraming.defaults().delimiter(LineDelimiter.LF).maxLineLength(LabRequest.MAX_LINE))
                .dispatch(dispatch)
                .ioThreads(ioThreads)
                .businessThreads(workers)
                .maxConnections(20_000)
                .build()).start();
        return server.port();
    }

    private Reply handle(Connection connection, byte[] frame) throws InterruptedException {
        LabRequest request = LabRequest.decode(frame);
        if (replyPool != null && request.kind() != LabRequest.Kind.ECHO
                && request.kind() != LabRequest.Kind.ERROR) {
            return Reply.later(CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.isOpen() ? request.perform() : request.reply();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, replyPool));
        }
        // a request of a connection that is already gone is not worth its cost (a cancelled call)
        return Reply.of(connection.isOpen() ? request.perform() : request.reply());
    }

    /** ECHO (and bad lines) on the loop, CPU and WAIT on the pool: the route is the line's first byte. */
    private record SlowRoutesOnPool(FrameHandler handler) implements FrameHandler, RouteDispatch {

        @Override
        public Reply handle(Connection connection, byte[] frame) throws Exception {
            return handler.handle(connection, frame);
        }

        @Override
        public Dispatch dispatchFor(byte[] frame) {
            return frame.length > 0 && (frame[0] == 'C' || frame[0] == 'W') ? Dispatch.POOL : null;
        }

        @Override
        public Set<Dispatch> routeDispatches() {
            return Set.of(Dispatch.POOL);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
        if (replyPool != null) {
            replyPool.shutdownNow();
        }
    }
}
