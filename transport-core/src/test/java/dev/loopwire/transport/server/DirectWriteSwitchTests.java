package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who writes the replies: business threads in pool dispatch with direct writes on, the loop otherwise. */
class DirectWriteSwitchTests {

    private static final int FRAMES = 500;

    @ParameterizedTest
    @CsvSource({"POOL, true, true", "POOL, false, false", "IO, true, false"})
    void whenDispatchAndSwitchAreSetThenRepliesAreWrittenDirectOnlyInPoolModeWithTheSwitchOn(Dispatch dispatch,
            boolean directWrite, boolean expectDirect) throws Exception {
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.of(frame))
                .name("direct-switch").host("127.0.0.1").port(0).dispatch(dispatch).directWrite(directWrite)
                .ioThreads(1).businessThreads(4).build()).start();
        try (LinePeer peer = LinePeer.connect(server.port())) {
            for (int i = 0; i < FRAMES; i++) {
                peer.write("m " + i + "\n"); // one at a time: most batches hold one reply
                assertThat(peer.readLine()).isEqualTo("m " + i);
            }
            assertThat(server.stats().repliesSent()).isEqualTo(FRAMES);
            if (expectDirect) {
                assertThat(server.stats().repliesWrittenDirect()).isPositive();
            } else {
                assertThat(server.stats().repliesWrittenDirect()).isZero();
            }
            // counted by whoever wrote, just after the write: the peer may read the last reply a moment before
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().bytesSent() == expectedBytes());
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    private static long expectedBytes() {
        long bytes = 0;
        for (int i = 0; i < FRAMES; i++) {
            bytes += ("m " + i + "\n").getBytes(StandardCharsets.US_ASCII).length;
        }
        return bytes;
    }
}
