package dev.loopwire.transport.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.loop.DrivenLoop;
import dev.loopwire.transport.stats.ServerStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MixedDispatcher} under forced interleavings: the test thread is the loop, and a pool and a
 * "virtual" executor (two {@link ManualExecutor}s) run their tasks when the test says. Frames starting
 * with {@code F} are {@code io}, {@code S} pool, {@code V} virtual; each is echoed. What the peer reads is
 * checked, and where each frame ran.
 */
class MixedDispatcherTests {

    private final ManualExecutor pool = new ManualExecutor();
    private final ManualExecutor virtual = new ManualExecutor();
    private final Backpressure backpressure = new Backpressure(1_000, 500);
    /** frames the handler saw, with where they ran: "S a@business", "F b@loop" */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private Thread loopThread;
    private DrivenLoop driven;
    private NioConnection connection;
    private MixedDispatcher dispatcher;
    private ServerSocketChannel listener;
    private Socket peer;

    private final class Routed implements FrameHandler, RouteDispatch {
        @Override
        public Reply handle(dev.loopwire.transport.Connection c, byte[] frame) {
            String text = new String(frame, StandardCharsets.UTF_8);
            handled.add(text + (Thread.currentThread() == loopThread ? "@loop" : "@business"));
            if (text.equals("QUIT")) {
                return Reply.ofAndClose(bytes("BYE"));
            }
            return Reply.of(frame);
        }

        @Override
        public Dispatch dispatchFor(byte[] frame) {
            return switch (frame[0]) {
                case 'S' -> Dispatch.POOL;
                case 'V' -> Dispatch.VIRTUAL;
                case 'F', 'Q' -> Dispatch.IO;
                default -> null;
            };
        }

        @Override
        public Set<Dispatch> routeDispatches() {
            return EnumSet.allOf(Dispatch.class);
        }
    }

    private void open() throws IOException {
        loopThread = Thread.currentThread();
        driven = DrivenLoop.onCurrentThread("mixed");
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = new Socket("127.0.0.1", listener.socket().getLocalPort());
        peer.setSoTimeout(5_000);
        Routed handler = new Routed();
        ServerStats stats = new ServerStats();
        DispatchContext context = new DispatchContext("mixed", handler, FailurePolicy.close(), stats, pool,
                backpressure, 16);
        MixedDispatch routes = new MixedDispatch(handler, Dispatch.IO, pool, virtual);
        connection = new NioConnection(listener.accept(), driven.loop(), LineFraming.defaults().maxLineLength(64),
                new ConnectionSettings(32 * 1024, 64 * 1024, Duration.ZERO, Duration.ZERO), stats,
                c -> dispatcher = new MixedDispatcher(c, context, routes));
        connection.register();
    }

    @AfterEach
    void close() throws IOException {
        if (driven != null) {
            driven.close();
            peer.close();
            listener.close();
        }
    }

    /** One read's frames, as the frame reader delivers them. */
    private void read(String... frames) {
        for (String frame : frames) {
            dispatcher.onFrame(bytes(frame));
        }
        dispatcher.onReadComplete();
    }

    /** Runs both executors until neither has a task, then the loop (which flushes). */
    private void runBusinessThenLoop() {
        while (pool.queued() + virtual.queued() > 0) {
            pool.runAll();
            virtual.runAll();
        }
        driven.runPending();
    }

    private String peerReads(int length) throws IOException {
        InputStream in = peer.getInputStream();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void whenNothingIsPendingThenAnIoFrameRunsOnTheLoopWithoutAHandOff() throws Exception {
        open();
        read("F1", "F2");
        assertThat(handled).containsExactly("F1@loop", "F2@loop");
        assertThat(pool.queued() + virtual.queued()).isZero();
        assertThat(backpressure.pendingFrames()).isZero();
        assertThat(dispatcher.hasWorkInFlight()).isFalse();
        driven.runPending();
        assertThat(peerReads(6)).isEqualTo("F1\nF2\n");
    }

    @Test
    void whenAnIoFrameArrivesBehindAPendingPoolFrameThenItWaitsAndRunsAfterIt() throws Exception {
        open();
        read("S1");
        read("F2"); // a later read: the pool frame is still pending
        assertThat(handled).as("the io frame did not overtake").isEmpty();
        assertThat(dispatcher.hasWorkInFlight()).isTrue();
        assertThat(backpressure.pendingFrames()).isEqualTo(2);
        runBusinessThenLoop();
        assertThat(handled).containsExactly("S1@business", "F2@business");
        assertThat(peerReads(6)).isEqualTo("S1\nF2\n");
        assertThat(backpressure.pendingFrames()).isZero();
        assertThat(dispatcher.hasWorkInFlight()).isFalse();
        read("F3"); // the mailbox is idle again: back on the loop
        assertThat(handled).endsWith("F3@loop");
    }

    @Test
    void whenPoolAndVirtualFramesAlternateThenOneDrainMovesBetweenTheirExecutors() throws Exception {
        open();
        read("S1", "V2", "F3", "S4");
        assertThat(pool.queued()).isEqualTo(1);
        assertThat(virtual.queued()).isZero();
        pool.runNext();
        assertThat(handled).containsExactly("S1@business");
        assertThat(pool.queued()).as("the drain moved, it did not split").isZero();
        assertThat(virtual.queued()).isEqualTo(1);
        assertThat(backpressure.pendingFrames()).isEqualTo(3);
        virtual.runNext();
        assertThat(handled).containsExactly("S1@business", "V2@business", "F3@business");
        assertThat(virtual.queued()).isZero();
        assertThat(pool.queued()).isEqualTo(1);
        read("F5"); // still behind S4
        pool.runNext();
        assertThat(handled).containsExactly("S1@business", "V2@business", "F3@business", "S4@business",
                "F5@business");
        driven.runPending();
        assertThat(peerReads(15)).isEqualTo("S1\nV2\nF3\nS4\nF5\n");
        assertThat(backpressure.pendingFrames()).isZero();
    }

    @Test
    void whenAClosingIoRequestWaitsBehindPoolWorkThenNothingAfterItRunsOrIsWritten() throws Exception {
        open();
        read("S1", "QUIT", "F2", "S3");
        read("F4");
        runBusinessThenLoop();
        assertThat(handled).containsExactly("S1@business", "QUIT@business");
        String received = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(received).isEqualTo("S1\nBYE\n");
        assertThat(backpressure.pendingFrames()).isZero();
    }

    /**
     * Splits one mixed pipeline into two reads at every frame boundary, with the business side running
     * before, or only after, the second read: the handler always sees arrival order and the peer reads the
     * replies in request order.
     */
    @Test
    void whenAPipelineIsSplitAcrossReadsAtEveryBoundaryThenFramesRunAndRepliesLeaveInArrivalOrder()
            throws Exception {
        String[] frames = {"F1", "S2", "F3", "V4", "V5", "F6", "S7", "F8"};
        for (int split = 0; split <= frames.length; split++) {
            for (boolean businessBetween : new boolean[] {false, true}) {
                handled.clear();
                open();
                read(java.util.Arrays.copyOfRange(frames, 0, split));
                if (businessBetween) {
                    runBusinessThenLoop();
                }
                read(java.util.Arrays.copyOfRange(frames, split, frames.length));
                runBusinessThenLoop();
                List<String> order = new ArrayList<>();
                handled.forEach(entry -> order.add(entry.substring(0, entry.indexOf('@'))));
                assertThat(order).as("split %d, business between: %s", split, businessBetween)
                        .containsExactly(frames);
                assertThat(peerReads(3 * frames.length)).isEqualTo(String.join("\n", frames) + "\n");
                assertThat(handled).filteredOn(entry -> entry.startsWith("S") || entry.startsWith("V"))
                        .allMatch(entry -> entry.endsWith("@business"));
                assertThat(backpressure.pendingFrames()).isZero();
                close();
                driven = null;
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
