package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.loop.DrivenLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A ready connection writes the replies of its read in the same visit, and is not visited again by an
 * end-of-iteration flush (with a thousand connections ready, that second visit touched a thousand cold
 * objects for nothing). Sends made outside a read still flush at the end of the iteration. Driven loop:
 * the test thread is the loop thread and decides when it runs.
 */
@Timeout(20)
class ReadyVisitFlushTests {

    private DrivenLoop driven;
    private ServerSocketChannel listener;
    private SocketChannel peer;
    private NioConnection connection;

    @BeforeEach
    void connect() throws IOException {
        driven = DrivenLoop.onCurrentThread("ready-visit");
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        SocketChannel accepted = listener.accept();
        connection = new NioConnection(accepted, driven.loop(), LineFraming.defaults(), ConnectionSettings.DEFAULTS,
                ConnectionEvents.NONE, EchoInbound::new);
        connection.register();
        driven.runPending();
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        listener.close();
        driven.close();
    }

    @Test
    void whenReadProducesRepliesThenTheyLeaveInTheReadyVisitWithoutAnEndOfIterationFlush() throws Exception {
        long flushesBefore = driven.endOfIterationFlushes();

        peer.write(ByteBuffer.wrap("a\nbb\nccc\n".getBytes(StandardCharsets.US_ASCII)));
        String echoed = readUntil(9);

        assertThat(echoed).isEqualTo("a\nbb\nccc\n");
        assertThat(driven.endOfIterationFlushes()).isEqualTo(flushesBefore);
    }

    @Test
    void whenLoopSendsOutsideAReadThenTheEndOfIterationFlushWritesIt() throws Exception {
        long flushesBefore = driven.endOfIterationFlushes();

        driven.loop().execute(() -> connection.send("pushed".getBytes(StandardCharsets.US_ASCII)));
        String pushed = readUntil(7);

        assertThat(pushed).isEqualTo("pushed\n");
        assertThat(driven.endOfIterationFlushes()).isEqualTo(flushesBefore + 1);
    }

    @Test
    void whenFramesArriveSplitAcrossReadsThenEachReadyVisitWritesItsOwnReplies() throws Exception {
        byte[] input = "one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII);
        StringBuilder echoed = new StringBuilder();
        for (byte b : input) {
            peer.write(ByteBuffer.wrap(new byte[] {b}));
            if (b == '\n') {
                echoed.append(readUntil(echoed.length() == 0 ? 4 : (echoed.length() == 4 ? 4 : 6)));
            }
        }

        assertThat(echoed.toString()).isEqualTo("one\ntwo\nthree\n");
        assertThat(connection.isOpen()).isTrue();
    }

    /** Drives the loop until the peer has {@code bytes} bytes, and returns them. */
    private String readUntil(int bytes) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(bytes);
        peer.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (in.hasRemaining() && System.nanoTime() < deadline) {
            driven.runPending();
            peer.read(in);
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
    }
}
