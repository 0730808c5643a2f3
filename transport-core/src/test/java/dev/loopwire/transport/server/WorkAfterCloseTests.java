package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reply that closes the connection ends its work: with the closing request in the middle of a pipeline,
 * in {@code io} and {@code pool} dispatch, for every way a close is decided, the peer receives exactly the
 * replies before it (in order), then EOF, and no later frame reaches the handler.
 */
class WorkAfterCloseTests {

    /** pipelined requests after the closing one */
    private static final int AFTER = 20;

    private final Map<String, String> store = new ConcurrentHashMap<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    /** The demo's key-value commands, plus every way of closing. */
    private final FrameHandler handler = (Connection connection, byte[] frame) -> {
        String line = new String(frame, StandardCharsets.UTF_8);
        handled.add(line);
        String[] words = line.split(" ");
        switch (words[0]) {
            case "PING":
                return reply("+PONG");
            case "SLOW":
                return Reply.later(CompletableFuture.supplyAsync(() -> bytes("+SLOW"),
                        CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS)));
            case "QUIT":
                return Reply.ofAndClose(bytes("+BYE"));
            case "CLOSE":
                return Reply.close();
            case "BOOM":
                throw new IllegalStateException("handler failure under on-error close");
            case "AQUIT":
                return Reply.laterReply(CompletableFuture.supplyAsync(() -> Reply.ofAndClose(bytes("+BYE")),
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)));
            case "AFAIL":
                return Reply.later(CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("asynchronous failure under on-error close");
                }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)));
            case "SET":
                store.put(words[1], words[2]);
                return reply("+OK");
            case "GET":
                return reply(store.getOrDefault(words[1], "-NIL"));
            default:
                return reply("-ERR unknown");
        }
    };

    private static final FailurePolicy ERROR_REPLY_FOR_BAD_FRAMES = new FailurePolicy() {
        @Override
        public byte[] onHandlerFailure(Connection connection, Throwable failure) {
            return null; // on-error: close
        }

        @Override
        public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
            return bytes("-ERR " + failure.error().tag());
        }
    };

    static List<Arguments> closings() {
        return List.of(
                // closing request, what the peer gets for it, whether the close is decided before later frames run
                Arguments.of(Dispatch.IO, "QUIT", "+BYE\n", true),
                Arguments.of(Dispatch.POOL, "QUIT", "+BYE\n", true),
                Arguments.of(Dispatch.IO, "CLOSE", "", true),
                Arguments.of(Dispatch.POOL, "CLOSE", "", true),
                Arguments.of(Dispatch.IO, "BOOM", "", true),
                Arguments.of(Dispatch.POOL, "BOOM", "", true),
                Arguments.of(Dispatch.IO, "x".repeat(100), "-ERR too-long\n", true),
                Arguments.of(Dispatch.POOL, "x".repeat(100), "-ERR too-long\n", true),
                Arguments.of(Dispatch.IO, "AQUIT", "+BYE\n", false),
                Arguments.of(Dispatch.POOL, "AQUIT", "+BYE\n", false),
                Arguments.of(Dispatch.IO, "AFAIL", "", false),
                Arguments.of(Dispatch.POOL, "AFAIL", "", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("closings")
    void whenAClosingReplyIsInTheMiddleOfAPipelineThenNothingAfterItIsHandledOrWritten(Dispatch dispatch,
            String closing, String closingReply, boolean decidedAtOnce) throws Exception {
        server = new TcpServer(TcpServerConfig.builder(handler).name("after-close-" + dispatch).host("127.0.0.1")
                .port(0).dispatch(dispatch).ioThreads(1)
                .framing(LineFraming.defaults().maxLineLength(64).onTooLong(TooLongFrameAction.CLOSE))
                .failurePolicy(ERROR_REPLY_FOR_BAD_FRAMES).build()).start();
        StringBuilder pipeline = new StringBuilder("PING\nSLOW\n").append(closing).append("\nSET a 1\nGET a\n");
        for (int i = 0; i < AFTER; i++) {
            pipeline.append("PING\n");
        }
        String received = LinePeer.exchangeUntilEof(server.port(), pipeline.toString());

        assertThat(received).isEqualTo("+PONG\n+SLOW\n" + closingReply);
        if (decidedAtOnce) {
            assertThat(store).isEmpty(); // the SET after the close never ran
            assertThat(handled).containsExactly(expectedHandled(closing));
            if (!closing.startsWith("x")) { // after a fatal framing error the rest is not even decoded
                assertThat(server.stats().framesDroppedAfterClose()).isPositive();
            }
        } else {
            // frames handled while the asynchronous close was pending: their replies are dropped, not written
            assertThat(handled).startsWith("PING", "SLOW", closing);
        }
    }

    private static String[] expectedHandled(String closing) {
        return closing.startsWith("x") ? new String[] {"PING", "SLOW"} : new String[] {"PING", "SLOW", closing};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dispatches")
    void whenTheDemoPipelineRunsThenTheClientGetsPongByeAndTheSetNeverRuns(Dispatch dispatch) throws Exception {
        server = new TcpServer(TcpServerConfig.builder(handler).name("demo-" + dispatch).host("127.0.0.1").port(0)
                .dispatch(dispatch).ioThreads(1).build()).start();
        for (int round = 0; round < 10; round++) {
            assertThat(LinePeer.exchangeUntilEof(server.port(), "PING\nQUIT\nSET a 1\nGET a\n"))
                    .isEqualTo("+PONG\n+BYE\n");
        }
        assertThat(store).isEmpty();
    }

    static List<Dispatch> dispatches() {
        return List.of(Dispatch.IO, Dispatch.POOL);
    }


    private static Reply reply(String text) {
        return Reply.of(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
