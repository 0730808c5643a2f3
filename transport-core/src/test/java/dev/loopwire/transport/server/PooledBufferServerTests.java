package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.BufferFrameHandler;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.buffer.BufferPoolConfig;
import dev.loopwire.transport.codec.LengthFieldFraming;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link BufferFrameHandler} server over real sockets: what the peer receives, and that every pooled buffer
 * goes back to its pool however the connection ends (write completed, peer reset mid-write, shutdown, bad
 * input, input ended mid-frame), while a leaking handler is reported.
 */
class PooledBufferServerTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final BufferFrameHandler ECHO = (connection, frame) -> Reply.of(frame.retain());

    private TcpServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(2)).join();
        }
    }

    private TcpServer start(BufferFrameHandler handler) {
        server = new TcpServer(TcpServerConfig.bufferBuilder(handler).name("pooled").host("127.0.0.1").port(0)
                .ioThreads(1)
                .framing(LengthFieldFraming.defaults().maxFrameLength(1 << 20))
                .bufferPool(BufferPoolConfig.DEFAULTS.withLeakTracking(true))
                // small kernel buffers, so replies stay queued in the server while the peer does not read
                .socketOptions(new SocketOptions(true, false, 0, 8192))
                .build()).start();
        return server;
    }

    private Socket connect(boolean smallReceiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (smallReceiveBuffer) {
            socket.setReceiveBufferSize(8192);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static byte[] payload(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void writeFrame(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    /** Writes {@code frames} on another thread (the server stops reading while the peer does not read). */
    private static CompletableFuture<Void> writeAsync(Socket socket, List<byte[]> frames) {
        return CompletableFuture.runAsync(() -> {
            try {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                for (byte[] frame : frames) {
                    writeFrame(out, frame);
                }
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static List<byte[]> frames(int count, int size, long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(payload(random, size));
        }
        return frames;
    }

    private void awaitAllReleased() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(server.stats().activeConnections()).isZero();
            assertThat(server.bufferPools().leaks()).isEmpty();
            assertThat(server.bufferPoolStats().outstanding()).isZero();
        });
    }

    @Test
    void whenTheHandlerEchoesLargeAndSmallFramesThenThePeerReceivesEveryByteIntactAndBuffersAreReused()
            throws Exception {
        start(ECHO);
        Random random = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        int[] sizes = {0, 1, 100, 65_536, 70_000, 4_095, 65_536, 200_000};
        for (int round = 0; round < 8; round++) {
            for (int size : sizes) {
                sent.add(payload(random, size));
            }
        }
        Socket socket = connect(false);
        CompletableFuture<Void> writing = writeAsync(socket, sent);

        DataInputStream in = new DataInputStream(socket.getInputStream());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(readFrame(in)).as("reply %d", i).isEqualTo(sent.get(i));
        }
        writing.join();
        socket.close();

        awaitAllReleased();
        assertThat(server.bufferPoolStats().hits()).isPositive();
        assertThat(server.bufferPoolStats().misses()).isZero();
        assertThat(server.bufferPoolStats().bytesHeld()).isPositive();
    }

    @Test
    void whenThePeerStopsReadingAndThenResetsThenTheQueuedRepliesBuffersAreReleased() throws Exception {
        start(ECHO);
        Socket socket = connect(true);
        writeAsync(socket, frames(40, 65_536, 7));
        await().atMost(WAIT).until(() -> server.bufferPoolStats().outstanding() >= 1); // a reply waits in the queue

        socket.setSoLinger(true, 0);
        socket.close(); // a reset, with replies still queued in the server

        awaitAllReleased();
    }

    @Test
    void whenTheServerShutsDownWithRepliesQueuedThenEveryBufferIsReleased() throws Exception {
        start(ECHO);
        Socket socket = connect(true);
        writeAsync(socket, frames(40, 65_536, 8));
        await().atMost(WAIT).until(() -> server.bufferPoolStats().outstanding() >= 1);

        server.shutdownGracefully(Duration.ofMillis(300)).join(); // the peer never reads: the deadline closes it

        assertThat(server.stats().activeConnections()).isZero();
        assertThat(server.bufferPools().leaks()).isEmpty();
        assertThat(server.bufferPoolStats().outstanding()).isZero();
    }

    @Test
    void whenACorruptHeaderFollowsLargeFramesThenTheirRepliesArriveAndEveryBufferIsReleased() throws Exception {
        start(ECHO);
        Socket socket = connect(false);
        List<byte[]> sent = frames(3, 65_536, 9);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        for (byte[] frame : sent) {
            writeFrame(out, frame);
        }
        out.writeInt(-1); // a negative length: the stream cannot be resynchronised
        out.write(new byte[1000]);
        out.flush();

        DataInputStream in = new DataInputStream(socket.getInputStream());
        for (byte[] frame : sent) {
            assertThat(readFrame(in)).isEqualTo(frame);
        }
        assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class); // closed after the earlier replies
        awaitAllReleased();
    }

    @Test
    void whenInputEndsMidFrameThenThePartialFramesPooledBufferIsReleased() throws Exception {
        start(ECHO);
        Socket socket = connect(false);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        byte[] whole = payload(new Random(3), 65_536);
        writeFrame(out, whole);
        out.writeInt(65_536);
        out.write(new byte[30_000]); // half a frame, gathered in a pooled buffer
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertThat(readFrame(in)).isEqualTo(whole);
        await().atMost(WAIT).until(() -> server.bufferPoolStats().outstanding() == 1);

        socket.shutdownOutput();

        assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
        awaitAllReleased();
        assertThat(server.stats().partialFramesDropped()).isEqualTo(1);
    }

    @Test
    void whenAHandlerRetainsAFrameAndNeverReleasesItThenTheLeakIsReportedWithTheHandlersStack() throws Exception {
        start(new LeakingHandler());
        Socket socket = connect(false);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        writeFrame(out, new byte[100]);
        writeFrame(out, new byte[100]); // answered: the first frame was handled before
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        readFrame(in);
        socket.close();

        await().atMost(WAIT).until(() -> server.stats().activeConnections() == 0);
        assertThat(server.bufferPoolStats().outstanding()).isEqualTo(1);
        assertThat(server.bufferPools().leaks()).singleElement().asString().contains(LeakingHandler.class.getName());
    }

    @Test
    void whenABufferHandlerIsGivenPoolDispatchThenTheConfigurationIsRejectedWithAdvice() {
        assertThatThrownBy(() -> TcpServerConfig.bufferBuilder(ECHO).dispatch(Dispatch.POOL).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dispatch(Dispatch.IO)");
    }

    /** Retains the first frame and forgets it; echoes an empty reply to the others. */
    private static final class LeakingHandler implements BufferFrameHandler {
        private boolean leaked;

        @Override
        public Reply handle(dev.loopwire.transport.Connection connection, dev.loopwire.transport.Frame frame) {
            if (!leaked) {
                leaked = true;
                frame.retain();
                return Reply.none();
            }
            return Reply.of(new byte[0]);
        }
    }
}
