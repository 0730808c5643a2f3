package dev.loopwire.benchmarks.lab;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.time.Duration;

/**
 * The Loopwire models: a core {@link TcpServer} with line framing whose handler is {@link LabRequest},
 * in one dispatch mode with a given number of loops. {@code ioThreads 1} + {@link Dispatch#IO} is the
 * single reactor, N loops + IO the multi-reactor, {@link Dispatch#POOL} half-sync/half-async (a pool of
 * {@code workers} threads), {@link Dispatch#VIRTUAL} M:N on virtual threads (Java 21+).
 */
final class LoopwireLabServer implements LabServer {

    private final String name;
    private final Dispatch dispatch;
    private final int ioThreads;
    private final int workers;
    private TcpServer server;

    LoopwireLabServer(String name, Dispatch dispatch, int ioThreads, int workers) {
        this.name = name;
        this.dispatch = dispatch;
        this.ioThreads = ioThreads;
        this.workers = workers;
    }

    @Override
    public int start() {
        server = new TcpServer(TcpServerConfig.builder((connection, frame) -> {
                    LabRequest request = LabRequest.decode(frame);
                    // a request of a connection that is already gone is not worth its cost (a cancelled call)
                    return Reply.of(connection.isOpen() ? request.perform() : request.reply());
                })
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

    @Override
    public void close() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }
}
