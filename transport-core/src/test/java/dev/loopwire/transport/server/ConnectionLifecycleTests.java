package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.ConnectionLifecycle;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The open and close calls: the greeting leaves before the first reply even when the client pipelines
 * before reading, and the close call runs exactly once per connection, after the last frame's handler,
 * whatever closed it.
 */
class ConnectionLifecycleTests {

    /** What happened to each connection, in order: "open", "frame:x", "close:REASON". */
    private final Map<Long, List<String>> journal = new ConcurrentHashMap<>();

    private void record(Connection connection, String event) {
        journal.computeIfAbsent(connection.id(), id -> new CopyOnWriteArrayList<>()).add(event);
    }

    private ConnectionLifecycle journaling(String greeting) {
        return new ConnectionLifecycle() {
            @Override
            public Reply onOpen(Connection connection) throws Exception {
                Thread.sleep(20); // a slow open call: the pipelined frames are read meanwhile
                record(connection, "open");
                return greeting == null ? Reply.none() : Reply.of(greeting.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                record(connection, "close:" + reason);
            }
        };
    }

    private Reply handle(Connection connection, byte[] frame) {
        String line = new String(frame, StandardCharsets.UTF_8);
        record(connection, "frame:" + line);
        switch (line) {
            case "quit":
                return Reply.ofAndClose("bye".getBytes(StandardCharsets.UTF_8));
            case "boom":
                throw new IllegalStateException("boom");
            default:
                return Reply.of(frame);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAClientPipelinesBeforeReadingThenTheGreetingComesFirstAndRepliesFollowInOrder(Dispatch dispatch)
            throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder(this::handle)
                .name("greet-" + dispatch).dispatch(dispatch).ioThreads(1).lifecycle(journaling("+OK ready")));
                Socket socket = new Socket("127.0.0.1", fixture.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8)); // before reading anything
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(List.of(in.readLine(), in.readLine(), in.readLine(), in.readLine()))
                    .containsExactly("+OK ready", "a", "b", "c");
        }
    }

    /** One way a connection ends, what the client does, and the reason the close call must see. */
    enum ClosePath {
        PEER_EOF(CloseReason.PEER),
        PEER_RESET(CloseReason.PEER),
        IDLE(CloseReason.IDLE),
        CLOSING_REPLY(CloseReason.LOCAL),
        FATAL_FRAMING(CloseReason.ERROR),
        HANDLER_FAILURE(CloseReason.ERROR),
        SHUTDOWN(CloseReason.SHUTDOWN),
        LIMIT(CloseReason.LIMIT);

        final CloseReason expected;

        ClosePath(CloseReason expected) {
            this.expected = expected;
        }
    }

    static List<Arguments> closePaths() {
        List<Arguments> cases = new ArrayList<>();
        for (Dispatch dispatch : new Dispatch[] {Dispatch.IO, Dispatch.POOL}) {
            for (ClosePath path : ClosePath.values()) {
                cases.add(Arguments.of(dispatch, path));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("closePaths")
    void whenAConnectionClosesInAnyWayThenTheCloseCallRunsOnceAfterTheLastFrame(Dispatch dispatch, ClosePath path)
            throws Exception {
        TcpServerConfig.Builder config = TcpServerConfig.builder(this::handle)
                .name("close-" + dispatch + "-" + path).dispatch(dispatch).ioThreads(1)
                .framing(LineFraming.defaults().maxLineLength(64).onTooLong(TooLongFrameAction.CLOSE))
                .failurePolicy(FailurePolicy.close())
                .lifecycle(journaling(null))
                .slowConsumerPolicy(path == ClosePath.LIMIT ? dev.loopwire.transport.SlowConsumerPolicy.CLOSE
                        : dev.loopwire.transport.SlowConsumerPolicy.SKIP);
        if (path == ClosePath.IDLE) {
            config.idleTimeout(Duration.ofMillis(300));
        }
        if (path == ClosePath.LIMIT) {
            config.writeWatermarks(16, 32).socketOptions(new SocketOptions(true, false, 0, 4096));
        }
        ServerFixture fixture = ServerFixture.start(config);
        Socket socket = new Socket();
        if (path == ClosePath.LIMIT) {
            socket.setReceiveBufferSize(1024); // with the small server send buffer: the backlog grows soon
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", fixture.port()));
        try {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("one\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("one");
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server().connections().size() == 1);
            switch (path) {
                case PEER_EOF -> socket.close();
                case PEER_RESET -> {
                    socket.setSoLinger(true, 0);
                    socket.close();
                }
                case IDLE -> { } // say nothing
                case CLOSING_REPLY -> out.write("two\nquit\nthree\n".getBytes(StandardCharsets.UTF_8));
                case FATAL_FRAMING -> out.write(("two\n" + "x".repeat(200) + "\nthree\n").getBytes(StandardCharsets.UTF_8));
                case HANDLER_FAILURE -> out.write("two\nboom\nthree\n".getBytes(StandardCharsets.UTF_8));
                case SHUTDOWN -> fixture.server().shutdownGracefully(Duration.ofSeconds(5));
                case LIMIT -> {
                    byte[] line = "y".repeat(64).getBytes(StandardCharsets.UTF_8); // the longest line allowed
                    // the client never reads: once the kernel buffers are full, the backlog passes the high mark
                    for (int i = 0; i < 100_000 && fixture.server().stats().slowConsumersClosed() == 0; i++) {
                        fixture.server().connections().broadcast(line);
                    }
                    assertThat(fixture.server().stats().slowConsumersClosed()).isEqualTo(1);
                }
            }
            if (!socket.isClosed()) {
                out.flush();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> closeCalls() >= 1);
            fixture.close();
            // exactly once, also after the server has stopped
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> closeCalls() == 1);
            List<String> events = journal.values().iterator().next();
            assertThat(events.get(0)).isEqualTo("open");
            assertThat(events.get(events.size() - 1)).isEqualTo("close:" + path.expected);
            assertThat(events).doesNotContain("frame:three"); // nothing after a closing reply or fatal error
            assertThat(fixture.server().connections().size()).isZero();
        } finally {
            socket.close();
            fixture.close();
        }
    }

    private long closeCalls() {
        return journal.values().stream().flatMap(List::stream).filter(e -> e.startsWith("close:")).count();
    }
}
