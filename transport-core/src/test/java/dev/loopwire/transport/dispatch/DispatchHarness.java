package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.connection.InboundHandler;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.loop.DrivenLoop;
import dev.loopwire.transport.stats.ServerStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One server-side connection on a {@link DrivenLoop} (the test thread is its loop thread) with a
 * {@link ManualExecutor} as business pool, and the peer's end of the socket: a test hands frames to the
 * dispatcher as a read would, decides when the pool's tasks, the loop's tasks and completions run, and
 * reads what the peer received. Lines of at most 64 bytes; a longer one is fatal. Test thread only.
 */
final class DispatchHarness implements AutoCloseable {

    final DrivenLoop driven = DrivenLoop.onCurrentThread("harness");
    final ManualExecutor executor = new ManualExecutor();
    final ServerStats stats = new ServerStats();
    final Backpressure backpressure;
    final NioConnection connection;
    private InboundHandler inbound;
    private final ServerSocketChannel listener;
    private final Socket peer;

    private DispatchHarness(FrameHandler handler, boolean pool, int maxPendingReplies, Backpressure backpressure) {
        this.backpressure = backpressure;
        try {
            listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            peer = new Socket("127.0.0.1", listener.socket().getLocalPort());
            peer.setSoTimeout(5_000);
            SocketChannel accepted = listener.accept();
            DispatchContext context = new DispatchContext("harness", handler, FailurePolicy.close(), stats,
                    pool ? executor : null, pool ? backpressure : null, maxPendingReplies);
            connection = new NioConnection(accepted, driven.loop(),
                    LineFraming.defaults().maxLineLength(64).onTooLong(TooLongFrameAction.CLOSE),
                    new ConnectionSettings(32 * 1024, 64 * 1024, Duration.ZERO, Duration.ZERO), stats,
                    c -> inbound = pool ? new PooledDispatcher(c, context) : new InLoopDispatcher(c, context));
            connection.register();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code io} dispatch. */
    static DispatchHarness io(FrameHandler handler, int maxPendingReplies) {
        return new DispatchHarness(handler, false, maxPendingReplies, null);
    }

    /** {@code pool} dispatch on the manual executor. */
    static DispatchHarness pool(FrameHandler handler, int maxPendingReplies, Backpressure backpressure) {
        return new DispatchHarness(handler, true, maxPendingReplies, backpressure);
    }

    InboundHandler inbound() {
        return inbound;
    }

    /** Hands {@code lines} to the dispatcher as one read's frames, as the frame reader does. */
    void read(String... lines) {
        for (String line : lines) {
            inbound.onFrame(line.getBytes(StandardCharsets.UTF_8));
        }
        inbound.onReadComplete();
    }

    /** Runs the loop's queued tasks and flushes once. */
    void runLoop() {
        driven.runPending();
    }

    /** Reads exactly {@code bytes} bytes the peer received (waiting up to 5 s). */
    String peerReads(int bytes) throws IOException {
        InputStream in = peer.getInputStream();
        byte[] data = in.readNBytes(bytes);
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Reads what the peer receives until EOF (a reset or 5 s of silence throws). */
    String peerReadsUntilEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = peer.getInputStream();
        byte[] chunk = new byte[1024];
        try {
            for (int n; (n = in.read(chunk)) != -1;) {
                all.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException silent) {
            throw new IOException("no EOF within 5 s after " + all.size() + " bytes: " + all, silent);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        driven.close();
        peer.close();
        listener.close();
    }
}
