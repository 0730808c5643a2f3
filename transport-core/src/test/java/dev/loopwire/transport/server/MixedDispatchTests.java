package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.ConnectionLifecycle;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dispatch chosen per route, end to end over real sockets: fast {@code io} routes and slow {@code pool} (and,
 * on Java 21+, {@code virtual}) routes pipelined on many connections at once; every reply is checked by the
 * peer for content and order. A frame never overtakes an earlier frame of its connection.
 */
class MixedDispatchTests {

    private static final boolean VIRTUAL = BusinessExecutors.virtualThreadsAvailable();

    private TcpServer server;
    private final RoutedHandler handler = new RoutedHandler();

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    /**
     * Line protocol: {@code F n} answers on the loop, {@code S n} sleeps up to 2 ms on the pool, {@code V n}
     * sleeps up to 2 ms on a virtual thread (the pool before Java 21); each answers its own line.
     * {@code QUIT} (io) and {@code PQUIT} (pool) answer {@code +BYE} and close. Records where frames ran.
     */
    static final class RoutedHandler implements FrameHandler, RouteDispatch {

        final List<String> handled = new CopyOnWriteArrayList<>();
        final AtomicInteger fastOnLoop = new AtomicInteger();
        final AtomicInteger fastOffLoop = new AtomicInteger();
        final AtomicInteger slowOnLoop = new AtomicInteger();
        volatile boolean record;

        @Override
        public Dispatch dispatchFor(byte[] frame) {
            if (frame.length == 0) {
                return null;
            }
            return switch (frame[0]) {
                case 'F', 'Q' -> Dispatch.IO;
                case 'S', 'P' -> Dispatch.POOL;
                case 'V' -> VIRTUAL ? Dispatch.VIRTUAL : Dispatch.POOL;
                default -> null;
            };
        }

        @Override
        public Set<Dispatch> routeDispatches() {
            return VIRTUAL ? EnumSet.allOf(Dispatch.class) : EnumSet.of(Dispatch.IO, Dispatch.POOL);
        }

        @Override
        public Reply handle(Connection connection, byte[] frame) throws Exception {
            String line = new String(frame, StandardCharsets.UTF_8);
            if (record) {
                handled.add(line);
            }
            boolean onLoop = Thread.currentThread().getName().contains("-io-");
            switch (line.isEmpty() ? ' ' : line.charAt(0)) {
                case 'F' -> (onLoop ? fastOnLoop : fastOffLoop).incrementAndGet();
                case 'S', 'V' -> {
                    if (onLoop) {
                        slowOnLoop.incrementAndGet();
                    }
                    int micros = java.util.concurrent.ThreadLocalRandom.current().nextInt(2_000);
                    TimeUnit.MICROSECONDS.sleep(micros); // the point: a slow route's cost, so pool work is pending
                }
                case 'Q', 'P' -> {
                    return Reply.ofAndClose(bytes("+BYE"));
                }
                default -> {
                }
            }
            return Reply.of(frame);
        }
    }

    private TcpServer start(Dispatch serverDispatch, TcpServerConfig.Builder builder) {
        server = new TcpServer(builder.name("mixed-" + serverDispatch).host("127.0.0.1").port(0)
                .dispatch(serverDispatch).ioThreads(2).businessThreads(4).build()).start();
        return server;
    }

    private TcpServer start(Dispatch serverDispatch) {
        return start(serverDispatch, TcpServerConfig.builder(handler));
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenManyConnectionsPipelineFastAndSlowRoutesThenEveryPeerGetsItsRepliesInRequestOrder(Dispatch dispatch)
            throws Exception {
        start(dispatch);
        int connections = 24;
        int requests = 300;
        ExecutorService peers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                long seed = 1_000L * c + dispatch.ordinal();
                done.add(peers.submit(() -> {
                    pipelineAndCheck(new Random(seed), requests);
                    return null;
                }));
            }
            for (Future<?> peer : done) {
                peer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            peers.shutdownNow();
        }
        assertThat(handler.slowOnLoop).as("slow routes never run on a loop").hasValue(0);
        assertThat(handler.fastOnLoop).as("io routes with nothing pending ran on the loop").hasPositiveValue();
        assertThat(handler.fastOffLoop).as("io routes behind pending pool work waited their turn").hasPositiveValue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.backpressure().pendingFrames() == 0);
    }

    /** Writes a random mixed pipeline in random-sized chunks while reading, and checks every reply in order. */
    private void pipelineAndCheck(Random random, int requests) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            int kind = random.nextInt(100);
            all.append(kind < 70 ? "F " : kind < 93 ? "S " : "V ").append(i).append('\n');
        }
        byte[] bytes = bytes(all.toString());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    for (int at = 0; at < bytes.length;) {
                        int n = Math.min(bytes.length - at, 1 + random.nextInt(64));
                        out.write(bytes, at, n);
                        out.flush();
                        at += n;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "peer-writer");
            writer.start();
            String received = readExactly(socket.getInputStream(), bytes.length);
            writer.join(10_000);
            assertThat(received).as("replies in request order").isEqualTo(all.toString());
        }
    }

    @Test
    void whenTheInputIsSplitAtEveryByteThenRepliesStillComeInRequestOrder() throws Exception {
        start(Dispatch.IO);
        String pipeline = "S 1\nF 2\nS 3\nF 4\nV 5\nF 6\nF 7\nS 8\n";
        byte[] bytes = bytes(pipeline);
        for (int split = 1; split < bytes.length; split++) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(bytes, 0, split);
                out.flush();
                out.write(bytes, split, bytes.length - split);
                out.flush();
                assertThat(readExactly(socket.getInputStream(), bytes.length)).as("split at %d", split)
                        .isEqualTo(pipeline);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAClosingRequestIsInTheMiddleOfAMixedPipelineThenOnlyEarlierRepliesLeaveAndNothingLaterRuns(
            Dispatch dispatch) throws Exception {
        start(dispatch);
        handler.record = true;
        // an io closing request queued behind pool work, then a pool one behind io work
        assertThat(LinePeer.exchangeUntilEof(server.port(), "S 1\nF 2\nQUIT\nF 3\nS 4\n"))
                .isEqualTo("S 1\nF 2\n+BYE\n");
        assertThat(LinePeer.exchangeUntilEof(server.port(), "F 5\nS 6\nF 7\nPQUIT\nF 8\nS 9\n"))
                .isEqualTo("F 5\nS 6\nF 7\n+BYE\n");
        assertThat(handler.handled).containsExactly("S 1", "F 2", "QUIT", "F 5", "S 6", "F 7", "PQUIT");
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenABadFrameIsInTheMiddleOfAMixedPipelineThenItsErrorReplyKeepsItsPlace(Dispatch dispatch)
            throws Exception {
        start(dispatch, TcpServerConfig.builder(handler)
                .framing(LineFraming.defaults().maxLineLength(64).onTooLong(TooLongFrameAction.DISCARD))
                .failurePolicy(new FailurePolicy() {
                    @Override
                    public byte[] onHandlerFailure(Connection connection, Throwable failure) {
                        return null;
                    }

                    @Override
                    public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
                        return bytes("-ERR " + failure.error().tag());
                    }
                }));
        String tooLong = "F " + "x".repeat(100);
        String expected = "S 1\n-ERR too-long\nF 2\nS 3\n-ERR too-long\nF 4\n";
        assertThat(exchangeWithoutEof("S 1\n" + tooLong + "\nF 2\nS 3\n" + tooLong + "\nF 4\n", expected.length()))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenRoutesMixThenTheOpenCallGreetsFirstAndTheCloseCallComesAfterTheLastFrame(Dispatch dispatch)
            throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        handler.record = true;
        FrameHandler recording = new RecordingHandler(handler, events);
        start(dispatch, TcpServerConfig.builder(recording).lifecycle(new ConnectionLifecycle() {
            @Override
            public Reply onOpen(Connection connection) {
                events.add("open");
                return Reply.of(bytes("+HELLO"));
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                events.add("close");
            }
        }));
        assertThat(LinePeer.exchangeUntilEof(server.port(), "F 1\nS 2\nF 3\nQUIT\n"))
                .isEqualTo("+HELLO\nF 1\nS 2\nF 3\n+BYE\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("close"));
        assertThat(events).containsExactly("open", "F 1", "S 2", "F 3", "QUIT", "close");
    }

    @Test
    void whenAnIoFrameWaitsBehindASlowPoolFrameLongerThanTheIdleTimeoutThenBothRepliesArrive() throws Exception {
        FrameHandler slow = new RecordingHandler(handler, new CopyOnWriteArrayList<>()) {
            @Override
            public Reply handle(Connection connection, byte[] frame) throws Exception {
                if (frame[0] == 'S') {
                    Thread.sleep(800); // the point: a handler slower than the idle timeout
                }
                return super.handle(connection, frame);
            }
        };
        start(Dispatch.IO, TcpServerConfig.builder(slow).idleTimeout(Duration.ofMillis(300)));
        assertThat(exchangeWithoutEof("S 1\nF 2\n", 8)).isEqualTo("S 1\nF 2\n");
        assertThat(server.stats().connectionsIdleClosed()).isZero();
    }

    /** Delegates, recording each frame into {@code events}; the route dispatch is the delegate's. */
    static class RecordingHandler implements FrameHandler, RouteDispatch {
        private final RoutedHandler delegate;
        private final List<String> events;

        RecordingHandler(RoutedHandler delegate, List<String> events) {
            this.delegate = delegate;
            this.events = events;
        }

        @Override
        public Dispatch dispatchFor(byte[] frame) {
            return delegate.dispatchFor(frame);
        }

        @Override
        public Set<Dispatch> routeDispatches() {
            return delegate.routeDispatches();
        }

        @Override
        public Reply handle(Connection connection, byte[] frame) throws Exception {
            events.add(new String(frame, StandardCharsets.UTF_8));
            return delegate.handle(connection, frame);
        }
    }


    private String exchangeWithoutEof(String requests, int replyBytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes(requests));
            return readExactly(socket.getInputStream(), replyBytes);
        }
    }

    private static String readExactly(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        return new String(data, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
