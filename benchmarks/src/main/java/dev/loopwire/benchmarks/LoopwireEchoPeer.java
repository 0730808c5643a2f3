package dev.loopwire.benchmarks;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.BusinessExecutors;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.tls.TlsConfig;
import java.time.Duration;

/**
 * Loopwire through the core API: a {@link TcpServer} whose handler returns each frame as its reply, in
 * one of the dispatch modes. Loops: one per processor (as Netty's workers); pool threads: twice the
 * processors (as the Netty executor-group peer).
 */
public final class LoopwireEchoPeer implements EchoPeer {

    private final String name;
    private final Dispatch dispatch;
    private TcpServer server;

    public LoopwireEchoPeer(String name, Dispatch dispatch) {
        this.name = name;
        this.dispatch = dispatch;
    }

    /** True when this JVM can run the given dispatch (virtual threads need Java 21+). */
    public static boolean supported(Dispatch dispatch) {
        return dispatch != Dispatch.VIRTUAL || BusinessExecutors.virtualThreadsAvailable();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int start(BenchFraming framing, int maxFrameLength) {
        return start(framing, maxFrameLength, null);
    }

    @Override
    public boolean supportsTls() {
        return true;
    }

    /** Starts the server, over TLS (Loopwire's {@code TlsSession}, JDK provider) when {@code tls} is set. */
    @Override
    public int start(BenchFraming framing, int maxFrameLength, BenchTls tls) {
        dev.loopwire.transport.codec.Framing wire = framing == BenchFraming.LINE
                ? LineFraming.defaults().delimiter(LineDelimiter.LF).maxLineLength(maxFrameLength)
                : LengthFieldFraming.defaults().maxFrameLength(maxFrameLength + 4);
        server = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.of(frame))
                .name(name)
                .host("127.0.0.1")
                .port(0)
                .framing(wire)
                .dispatch(dispatch)
                .maxConnections(20_000)
                .businessThreads(NettyEchoPeer.defaultExecutorThreads())
                .tls(tls == null ? null : TlsConfig.builder(tls.serverContext())
                        .protocols(java.util.List.of(BenchTls.PROTOCOLS)).build())
                .build()).start();
        return server.port();
    }

    @Override
    public long framesHandled() {
        return server == null ? -1 : server.stats().framesReceived();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }
}
