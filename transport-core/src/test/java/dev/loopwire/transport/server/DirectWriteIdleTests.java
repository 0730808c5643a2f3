package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A reply a business thread writes itself counts as activity for the idle timeout, as a loop write does. */
class DirectWriteIdleTests {

    private static final long IDLE_MILLIS = 1_000;

    @Test
    void whenAReplyIsWrittenDirectThenTheIdleClockStartsFromThatWrite() throws Exception {
        AtomicReference<CompletableFuture<byte[]>> pending = new AtomicReference<>();
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> {
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            pending.set(reply);
            return Reply.later(reply);
        }).name("direct-idle").host("127.0.0.1").port(0).dispatch(Dispatch.POOL).ioThreads(1).businessThreads(2)
                .idleTimeout(Duration.ofMillis(IDLE_MILLIS)).build()).start();
        try (LinePeer peer = LinePeer.connect(server.port())) {
            peer.write("late\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> pending.get() != null);
            // the handler's work takes 2.5 timeouts: the idle timer finds it in flight twice, the last time about
            // half a timeout before the reply; were the write not counted, the next check would close then
            Thread.sleep(IDLE_MILLIS * 5 / 2);
            long completed = System.nanoTime();
            pending.get().complete("late".getBytes()); // this thread writes the reply itself
            assertThat(peer.readLine()).isEqualTo("late");
            assertThat(peer.readLine()).as("closed by the idle timeout").isNull();
            long quietAfterReply = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - completed);
            assertThat(server.stats().repliesWrittenDirect()).isEqualTo(1);
            assertThat(server.stats().connectionsIdleClosed()).isEqualTo(1);
            // a full timeout after the write (the peer sees the EOF then or later), not what was left of one
            assertThat(quietAfterReply).isGreaterThanOrEqualTo(IDLE_MILLIS - 20);
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }
}
