package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing never destroys written replies: a peer that keeps writing while the server closes (graceful
 * shutdown, a closing reply) receives every reply the server wrote, then EOF, never a reset.
 */
class LingeringCloseTests {

    /** shutdown rounds per dispatch mode: enough to catch a reset before the fix (it lost replies in some) */
    private static final int ROUNDS = 8;

    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    private TcpServer start(Dispatch dispatch, Duration lingerTimeout) {
        server = new TcpServer(TcpServerConfig.builder((connection, frame) -> {
            String text = new String(frame, StandardCharsets.UTF_8);
            return text.equals("QUIT") ? Reply.ofAndClose("+BYE".getBytes(StandardCharsets.UTF_8)) : Reply.of(frame);
        }).name("linger-" + dispatch).host("127.0.0.1").port(0).dispatch(dispatch).ioThreads(1)
                .lingerTimeout(lingerTimeout).build()).start();
        return server;
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenTheServerShutsDownWhileThePeerStreamsThenThePeerGetsEveryWrittenReplyThenEof(Dispatch dispatch)
            throws Exception {
        List<String> broken = new ArrayList<>();
        long lingering = 0;
        for (int round = 0; round < ROUNDS; round++) {
            start(dispatch, Duration.ofSeconds(10));
            try (Socket socket = smallWindowSocket()) {
                AtomicLong written = new AtomicLong();
                CompletableFuture<Void> writer = streamNumberedLines(socket, written);
                // the peer does not read yet: the server's output backs up, and it stops reading
                await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= 512 * 1024 || writer.isDone());
                CompletableFuture<Void> stopped = server.shutdownGracefully(Duration.ofSeconds(10));

                ReadOutcome outcome = readNumberedLines(socket);
                long sent = server.stats().repliesSent();
                if (outcome.error != null || outcome.outOfSequence > 0 || outcome.lines != sent || sent == 0) {
                    broken.add("round " + round + ": " + outcome.lines + " of " + sent + " replies, then "
                            + (outcome.error == null ? "EOF" : outcome.error));
                }
                socket.close(); // EOF for the lingering server; the writer stops with an error
                stopped.get(10, TimeUnit.SECONDS);
                writer.handle((ignored, failure) -> null).get(10, TimeUnit.SECONDS);
            }
            lingering += server.stats().lingeringCloses();
            assertThat(server.stats().lingerTimeouts()).isZero();
            server = null;
        }
        assertThat(broken).as("rounds where the peer lost replies or saw a reset").isEmpty();
        assertThat(lingering).isEqualTo(ROUNDS);
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAClosingReplyMeetsAPeerThatKeepsWritingThenThePeerGetsTheReplyThenEof(Dispatch dispatch)
            throws Exception {
        start(dispatch, Duration.ofSeconds(10));
        for (int round = 0; round < 5; round++) {
            try (Socket socket = smallWindowSocket()) {
                OutputStream out = socket.getOutputStream();
                out.write(("x".repeat(4000) + "\n").repeat(16).getBytes(StandardCharsets.UTF_8)); // 64 KB of replies
                out.write("one\nQUIT\n".getBytes(StandardCharsets.UTF_8));
                AtomicLong written = new AtomicLong();
                CompletableFuture<Void> writer = streamNumberedLines(socket, written);
                await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= 256 * 1024 || writer.isDone());
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                for (int i = 0; i < 16; i++) {
                    assertThat(in.readLine()).hasSize(4000);
                }
                assertThat(in.readLine()).isEqualTo("one");
                assertThat(in.readLine()).isEqualTo("+BYE");
                assertThat(in.readLine()).isNull(); // EOF, not a reset
                socket.close();
                writer.handle((ignored, failure) -> null).get(10, TimeUnit.SECONDS);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().activeConnections() == 0);
        assertThat(server.stats().lingeringCloses()).isEqualTo(5);
        assertThat(server.stats().lingerDiscardedBytes()).isPositive(); // what the peer wrote after QUIT
        assertThat(server.stats().lingerTimeouts()).isZero();
    }

    @Test
    void whenThePeerNeverClosesThenTheLingerTimeoutClosesAndIsCounted() throws Exception {
        start(Dispatch.IO, Duration.ofMillis(200));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("QUIT\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("+BYE");
            assertThat(in.readLine()).isNull(); // output shut down; the socket stays open on our side
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 0);
        }
        assertThat(server.stats().lingeringCloses()).isEqualTo(1);
        assertThat(server.stats().lingerTimeouts()).isEqualTo(1);
    }

    @Test
    void whenLingeringOutlastsTheShutdownTimeoutThenShutdownStillCompletesInTime() throws Exception {
        start(Dispatch.IO, Duration.ofMinutes(1));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("QUIT\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("+BYE");
            assertThat(in.readLine()).isNull();
            assertThat(server.stats().activeConnections()).isEqualTo(1); // lingering: still counted
            server.shutdownGracefully(Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
            assertThat(server.stats().activeConnections()).isZero();
        }
    }

    /**
     * A client socket with a small receive buffer, so replies the peer has not read yet wait in the server's
     * socket buffer, where a reset would destroy them.
     */
    private Socket smallWindowSocket() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Writes "0\n", "1\n", ... on another thread until a write fails. */
    private static CompletableFuture<Void> streamNumberedLines(Socket socket, AtomicLong written) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                StringBuilder batch = new StringBuilder();
                for (long next = 0; ; ) {
                    batch.setLength(0);
                    for (int i = 0; i < 1000; i++) {
                        batch.append(next++).append('\n');
                    }
                    byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
                    out.write(bytes);
                    written.addAndGet(bytes.length);
                }
            } catch (IOException closed) {
                // the test closed the socket, or the server reset it
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "linger-test-writer");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static ReadOutcome readNumberedLines(Socket socket) {
        ReadOutcome outcome = new ReadOutcome();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null;) {
                if (Long.parseLong(line) != outcome.lines) {
                    outcome.outOfSequence++;
                }
                outcome.lines++;
            }
        } catch (SocketException | RuntimeException e) {
            outcome.error = e;
        } catch (IOException e) {
            outcome.error = e;
        }
        return outcome;
    }

    private static final class ReadOutcome {
        long lines;
        long outOfSequence;
        Exception error;
    }
}
