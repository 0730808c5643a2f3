package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Asynchronous replies that close: they wait their turn, are written, then the connection closes. */
class AsyncReplyTests {

    private static final Executor LATER = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAnAsyncReplyClosesThenEarlierRepliesGoFirstAndTheConnectionClosesAfterIt(Dispatch dispatch)
            throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            String text = new String(frame, StandardCharsets.UTF_8);
            if (text.equals("quit")) {
                return Reply.laterReply(CompletableFuture.supplyAsync(
                        () -> Reply.ofAndClose("bye".getBytes(StandardCharsets.UTF_8)), LATER));
            }
            if (text.equals("slow")) {
                return Reply.later(CompletableFuture.supplyAsync(() -> frame,
                        CompletableFuture.delayedExecutor(60, TimeUnit.MILLISECONDS)));
            }
            return Reply.of(frame);
        }).name("async-close-" + dispatch).dispatch(dispatch).ioThreads(1))) {
            ClientConnection client = fixture.connect();
            CompletableFuture<byte[]> slow = client.request(bytes("slow"));
            CompletableFuture<byte[]> now = client.request(bytes("now"));
            CompletableFuture<byte[]> quit = client.request(bytes("quit"));
            assertThat(text(slow)).isEqualTo("slow");
            assertThat(text(now)).isEqualTo("now");
            assertThat(text(quit)).isEqualTo("bye");
            client.closeFuture().get(5, TimeUnit.SECONDS);
            assertThat(client.unsolicitedFrames()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAnAsyncReplyCompletesWithAnotherLaterThenTheFailurePolicyAnswers(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) ->
                Reply.laterReply(CompletableFuture.completedFuture(Reply.later(CompletableFuture.completedFuture(frame)))))
                .name("nested-" + dispatch).dispatch(dispatch).ioThreads(1))) {
            ClientConnection client = fixture.connect();
            client.request(bytes("x"));
            client.closeFuture().get(5, TimeUnit.SECONDS); // default policy: close
            assertThat(fixture.server().stats().handlerErrors()).isEqualTo(1);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }
}
