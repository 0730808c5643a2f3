package dev.loopwire.benchmarks;

import dev.loopwire.transport.BufferFrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.tls.TlsConfig;
import java.time.Duration;

/**
 * Loopwire through the core's buffer API: a {@link BufferFrameHandler} on the loop ({@code io} dispatch)
 * that replies with the frame's own pooled buffer ({@code Reply.of(frame.retain())}), so a large frame is read
 * into a pooled direct buffer and written back from it. Compare it with {@code loopwire-io} (the {@code byte[]}
 * API) at 64 KiB. Loops: one per processor.
 */
public final class LoopwireBufferEchoPeer implements EchoPeer {

    private final String name;
    private TcpServer server;

    public LoopwireBufferEchoPeer(String name) {
        this.name = name;
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

    @Override
    public int start(BenchFraming framing, int maxFrameLength, BenchTls tls) {
        dev.loopwire.transport.codec.Framing wire = framing == BenchFraming.LINE
                ? LineFraming.defaults().delimiter(LineDelimiter.LF).maxLineLength(maxFrameLength)
                : LengthFieldFraming.defaults().maxFrameLength(maxFrameLength + 4);
        BufferFrameHandler echo = (connection, frame) -> Reply.of(frame.retain());
        server = new TcpServer(TcpServerConfig.bufferBuilder(echo)
                .name(name)
                .host("127.0.0.1")
                .port(0)
                .framing(wire)
                .maxConnections(20_000)
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
