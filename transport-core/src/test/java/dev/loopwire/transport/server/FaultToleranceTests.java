package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Handler failures, bad frames, half-close, connection limits and idle peers, over real sockets. */
class FaultToleranceTests {

    /** Replies "ERR <message>" to handler failures and "ERR <reason>" to bad frames. */
    private static final FailurePolicy ERROR_REPLIES = new FailurePolicy() {
        @Override
        public byte[] onHandlerFailure(Connection connection, Throwable failure) {
            return ("ERR " + failure.getMessage()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
            return ("ERR " + failure.error().tag()).getBytes(StandardCharsets.UTF_8);
        }
    };

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenHandlerThrowsThenErrorReplyIsSentAndLaterFramesStillRun(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            String text = new String(frame, StandardCharsets.UTF_8);
            if (text.startsWith("boom")) {
                throw new IllegalStateException("handler exploded on " + text);
            }
            return Reply.of(("ok " + text).getBytes(StandardCharsets.UTF_8));
        }).name("throwing-" + dispatch).dispatch(dispatch).failurePolicy(ERROR_REPLIES).ioThreads(1))) {
            ClientConnection client = fixture.connect();
            CompletableFuture<byte[]> first = client.request(bytes("a"));
            CompletableFuture<byte[]> failed = client.request(bytes("boom1"));
            CompletableFuture<byte[]> after = client.request(bytes("b"));
            assertThat(text(first)).isEqualTo("ok a");
            assertThat(text(failed)).isEqualTo("ERR handler exploded on boom1");
            assertThat(text(after)).isEqualTo("ok b");
            assertThat(fixture.server().stats().handlerErrors()).isEqualTo(1);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void whenHandlerThrowsWithClosePolicyThenOnlyThatConnectionCloses() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            if (frame.length == 0) {
                throw new IllegalArgumentException("empty frame");
            }
            return Reply.of(frame);
        }).name("closing").dispatch(Dispatch.POOL).ioThreads(1))) {
            ClientConnection victim = fixture.connect();
            ClientConnection bystander = fixture.connect();
            assertThat(text(victim.request(bytes("x")))).isEqualTo("x");
            victim.request(new byte[0]);
            victim.closeFuture().get(5, TimeUnit.SECONDS);
            assertThat(text(bystander.request(bytes("still here")))).isEqualTo("still here");
        }
    }

    @Test
    void whenLineIsTooLongWithDiscardThenErrorReplyAndTheNextLineIsServed() throws Exception {
        LineFraming framing = LineFraming.defaults().maxLineLength(16).onTooLong(TooLongFrameAction.DISCARD);
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("discard").framing(framing).dispatch(Dispatch.POOL).failurePolicy(ERROR_REPLIES).ioThreads(1));
                Socket socket = new Socket("127.0.0.1", fixture.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("short\n" + "y".repeat(100) + "\nafter\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readLines(socket.getInputStream(), 3)).isEqualTo("short\nERR too-long\nafter\n");
            assertThat(fixture.server().stats().framesRejected(FrameError.TOO_LONG)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenPeerHalfClosesAfterSendingThenItStillGetsEveryReply(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("half-close-" + dispatch).dispatch(dispatch).ioThreads(1));
                Socket socket = new Socket("127.0.0.1", fixture.port())) {
            socket.setSoTimeout(5_000);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                sent.append("line-").append(i).append('\n');
            }
            socket.getOutputStream().write(sent.toString().getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            byte[] all = socket.getInputStream().readAllBytes(); // returns at the server's close
            assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo(sent.toString());
        }
    }

    @Test
    void whenMaxConnectionsIsReachedThenExtraConnectionsAreClosedAndCounted() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("limited").maxConnections(2).dispatch(Dispatch.IO).ioThreads(1))) {
            ClientConnection first = fixture.connect();
            ClientConnection second = fixture.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server().stats().activeConnections() == 2);
            try (Socket extra = new Socket("127.0.0.1", fixture.port())) {
                extra.setSoTimeout(5_000);
                int read;
                try {
                    read = extra.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1; // refused with a reset
                }
                assertThat(read).isEqualTo(-1);
            }
            assertThat(fixture.server().stats().rejectedForMaxConnectionsCount()).isEqualTo(1);
            assertThat(text(first.request(bytes("1")))).isEqualTo("1");
            assertThat(text(second.request(bytes("2")))).isEqualTo("2");
        }
    }

    @Test
    void whenPeerStaysSilentThenIdleTimeoutClosesItButNotAnActiveOne() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("idle").idleTimeout(Duration.ofMillis(300)).dispatch(Dispatch.IO).ioThreads(1));
                Socket silent = new Socket("127.0.0.1", fixture.port())) {
            silent.setSoTimeout(5_000);
            ClientConnection active = fixture.connect();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < deadline) {
                assertThat(text(active.request(bytes("ping")))).isEqualTo("ping");
            }
            assertThat(silent.getInputStream().read()).isEqualTo(-1); // closed by the server
            assertThat(active.isOpen()).isTrue();
            assertThat(fixture.server().stats().connectionsIdleClosed()).isEqualTo(1);
        }
    }

    private static String readLines(InputStream in, int lines) throws Exception {
        StringBuilder text = new StringBuilder();
        int seen = 0;
        while (seen < lines) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
            if (b == '\n') {
                seen++;
            }
        }
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }
}
