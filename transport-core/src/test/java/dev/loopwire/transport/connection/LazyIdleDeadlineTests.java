package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.loop.DrivenLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The idle timeout is a lazy deadline: activity is a field write, and the one timer re-arms itself for the
 * remainder when it finds activity. A connection that keeps talking for many timeouts is never closed; one
 * that falls silent is closed, no sooner than one timeout after its last frame, and its peer reads its reply
 * and then EOF. Driven
 * loop: the test thread is the loop thread.
 */
@Timeout(30)
class LazyIdleDeadlineTests {

    private static final Duration IDLE = Duration.ofMillis(500);

    private DrivenLoop driven;
    private ServerSocketChannel listener;
    private SocketChannel peer;
    private NioConnection connection;

    @BeforeEach
    void connect() throws IOException {
        driven = DrivenLoop.onCurrentThread("idle-deadline");
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        peer.configureBlocking(false);
        connection = new NioConnection(listener.accept(), driven.loop(), LineFraming.defaults(),
                new ConnectionSettings(32 * 1024, 64 * 1024, IDLE), ConnectionEvents.NONE, EchoInbound::new);
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
    void whenPeerTalksForFiveTimeoutsThenTheConnectionStaysOpenAndEveryFrameIsEchoed() throws Exception {
        long end = System.nanoTime() + IDLE.toNanos() * 5;
        int sent = 0;
        StringBuilder echoed = new StringBuilder();
        while (System.nanoTime() < end) {
            peer.write(ByteBuffer.wrap(("f" + sent + "\n").getBytes(StandardCharsets.US_ASCII)));
            sent++;
            echoed.append(driveFor(IDLE.toMillis() / 4));
            assertThat(connection.isClosed()).as("closed after %d frames", sent).isFalse();
        }
        echoed.append(driveFor(50));

        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < sent; i++) {
            expected.append('f').append(i).append('\n');
        }
        assertThat(echoed.toString()).isEqualTo(expected.toString());
        assertThat(connection.isClosed()).isFalse();
    }

    @Test
    void whenPeerFallsSilentThenTheConnectionClosesNoSoonerThanOneTimeoutAfterItsLastFrame() throws Exception {
        long sentAt = System.nanoTime(); // the connection's last activity comes after this
        peer.write(ByteBuffer.wrap("last\n".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer reply = ByteBuffer.allocate(5);
        while (reply.hasRemaining() && !connection.isClosed()) {
            driven.runPending();
            peer.read(reply);
        }
        assertThat(new String(reply.array(), StandardCharsets.US_ASCII)).isEqualTo("last\n");

        long deadline = sentAt + IDLE.toNanos() * 10;
        while (!connection.isClosed() && System.nanoTime() < deadline) {
            driven.runPending();
            Thread.sleep(5);
        }
        long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

        assertThat(connection.isClosed()).isTrue();
        assertThat(connection.closeReason()).isEqualTo(CloseReason.IDLE);
        assertThat(closedAfterMillis).isGreaterThanOrEqualTo(IDLE.toMillis());
        assertThat(peer.read(ByteBuffer.allocate(16))).as("the peer reads EOF").isEqualTo(-1);
    }

    /** Drives the loop for {@code millis} and returns what the peer read meanwhile. */
    private String driveFor(long millis) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(4096);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            driven.runPending();
            peer.read(in);
            Thread.sleep(2);
        }
        driven.runPending();
        peer.read(in);
        return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
    }
}
