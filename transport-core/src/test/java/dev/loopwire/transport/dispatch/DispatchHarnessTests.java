package dev.loopwire.transport.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.connection.NioConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplySequencer}, {@link PooledDispatcher}, {@link FrameProcessor} and {@link Backpressure} under
 * forced interleavings: the test thread is the loop, the pool runs when the test says, and asynchronous
 * replies complete on another thread at the moment the test chooses. Every outcome is what the peer reads.
 */
class DispatchHarnessTests {

    /** frames the handler saw */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    /** asynchronous replies, by the frame that asked for one */
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private DispatchHarness harness;

    /** "a..." answers later (the test completes it); "QUIT" closes; anything else is echoed upper-case. */
    private final FrameHandler handler = (connection, frame) -> {
        String text = new String(frame, StandardCharsets.UTF_8);
        handled.add(text);
        if (text.startsWith("a")) {
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            pending.put(text, reply);
            return Reply.laterReply(reply);
        }
        if (text.equals("QUIT")) {
            return Reply.ofAndClose(bytes("BYE"));
        }
        return Reply.of(bytes(text.toUpperCase()));
    };

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void complete(String frame, Reply reply) {
        ManualExecutor.OffLoop.run(() -> pending.get(frame).complete(reply)); // on another thread, now
    }

    @Test
    void whenAnAsyncReplyCompletesAfterALaterOneThenBothLeaveInRequestOrder() throws Exception {
        harness = DispatchHarness.io(handler, 16);
        harness.read("a1", "b");
        harness.runLoop();
        assertThat(harness.connection.pendingOutboundBytes()).isZero(); // b waits behind a1
        assertThat(harness.stats.repliesSent()).isZero();

        complete("a1", Reply.of(bytes("A1")));
        assertThat(harness.driven.pendingTasks()).isEqualTo(1); // the flush the completion asked for
        harness.runLoop();
        assertThat(harness.peerReads(5)).isEqualTo("A1\nB\n");
    }

    @Test
    void whenTheCompletionComesAfterThePauseWasAppliedThenReadingResumes() throws Exception {
        harness = DispatchHarness.pool(handler, 2, new Backpressure(100, 50));
        harness.read("a1", "b", "c");
        harness.executor.runAll(); // three slots >= 2: the drain decides to pause
        harness.runLoop();
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_PENDING_REPLIES)).isTrue();

        complete("a1", Reply.of(bytes("A1")));
        harness.runLoop();
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_PENDING_REPLIES)).isFalse();
        assertThat(harness.peerReads(7)).isEqualTo("A1\nB\nC\n");
    }

    @Test
    void whenAResumeIsQueuedBehindAnOlderPauseThenTheConnectionEndsUpReading() throws Exception {
        harness = DispatchHarness.pool(handler, 2, new Backpressure(100, 50));
        harness.read("a1", "b", "c");
        harness.executor.runAll(); // the pause is queued on the loop, not yet applied
        complete("a1", Reply.of(bytes("A1"))); // the resume is queued behind it
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_PENDING_REPLIES)).isFalse();
        harness.runLoop(); // both run, in that order
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_PENDING_REPLIES)).isFalse();
        assertThat(harness.peerReads(7)).isEqualTo("A1\nB\nC\n");
    }

    @Test
    void whenTheResumeRunsInLoopBeforeAnOlderQueuedPauseThenTheConnectionStillEndsUpReading() throws Exception {
        harness = DispatchHarness.pool(handler, 2, new Backpressure(100, 50));
        harness.read("a1", "b", "c");
        harness.executor.runAll(); // the pause, decided on the business thread, is queued on the loop
        pending.get("a1").complete(Reply.of(bytes("A1"))); // completes on the loop thread: the resume runs at once
        harness.runLoop(); // then the older pause runs
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_PENDING_REPLIES)).isFalse();
        assertThat(harness.peerReads(7)).isEqualTo("A1\nB\nC\n");
    }

    @Test
    void whenAnAsyncCloseCompletesWhileLaterRepliesArePendingThenTheyAreDroppedAndCounted() throws Exception {
        harness = DispatchHarness.io(handler, 16);
        harness.read("a1", "a2", "c");
        complete("a1", Reply.ofAndClose(bytes("A1"))); // the close races the later replies
        complete("a2", Reply.of(bytes("A2"))); // completes after the close: never written
        harness.read("d"); // a frame of the same iteration, after the close
        harness.runLoop();
        assertThat(harness.peerReadsUntilEof()).isEqualTo("A1\n");
        assertThat(handled).containsExactly("a1", "a2", "c");
        assertThat(harness.stats.repliesDroppedAfterClose()).isEqualTo(2); // a2 and c
        assertThat(harness.stats.framesDroppedAfterClose()).isEqualTo(1); // d
    }

    @Test
    void whenALaterAsyncReplyCompletesBeforeTheClosingOneThenItIsStillDropped() throws Exception {
        harness = DispatchHarness.pool(handler, 16, new Backpressure(100, 50));
        harness.read("b", "a1", "a2");
        harness.executor.runAll();
        complete("a2", Reply.of(bytes("A2"))); // done first, waits behind a1
        complete("a1", Reply.ofAndClose(bytes("A1")));
        harness.runLoop();
        assertThat(harness.peerReadsUntilEof()).isEqualTo("B\nA1\n");
        assertThat(harness.stats.repliesDroppedAfterClose()).isEqualTo(1);
    }

    @Test
    void whenQuitIsInTheMiddleOfAPooledBatchThenTheRestOfTheBatchNeverRuns() throws Exception {
        harness = DispatchHarness.pool(handler, 16, new Backpressure(100, 50));
        harness.read("ping", "QUIT", "set", "get");
        harness.executor.runAll();
        harness.runLoop();
        assertThat(harness.peerReadsUntilEof()).isEqualTo("PING\nBYE\n");
        assertThat(handled).containsExactly("ping", "QUIT");
        assertThat(harness.stats.framesDroppedAfterClose()).isEqualTo(2);
    }

    @Test
    void whenQuitIsDecidedThenAFrameOfALaterBatchIsDroppedToo() throws Exception {
        harness = DispatchHarness.pool(handler, 16, new Backpressure(100, 50));
        harness.read("ping", "QUIT");
        harness.read("late"); // posted before the drain ran
        harness.executor.runAll();
        harness.runLoop();
        assertThat(harness.peerReadsUntilEof()).isEqualTo("PING\nBYE\n");
        assertThat(handled).containsExactly("ping", "QUIT");
    }

    @Test
    void whenWorkIsQueuedRunningOrPendingThenTheConnectionHasWorkInFlight() {
        harness = DispatchHarness.pool(handler, 16, new Backpressure(100, 50));
        assertThat(harness.inbound().hasWorkInFlight()).isFalse();
        harness.read("x");
        assertThat(harness.inbound().hasWorkInFlight()).isTrue(); // posted, not run
        harness.executor.runAll();
        assertThat(harness.inbound().hasWorkInFlight()).isFalse();
        harness.read("a1");
        harness.executor.runAll();
        assertThat(harness.inbound().hasWorkInFlight()).isTrue(); // an asynchronous reply is pending
        complete("a1", Reply.of(bytes("A1")));
        assertThat(harness.inbound().hasWorkInFlight()).isFalse();
    }

    @Test
    void whenTheAsyncReplyIsPendingInIoDispatchThenTheConnectionHasWorkInFlight() {
        harness = DispatchHarness.io(handler, 16);
        harness.read("a1");
        assertThat(harness.inbound().hasWorkInFlight()).isTrue();
        complete("a1", Reply.of(bytes("A1")));
        assertThat(harness.inbound().hasWorkInFlight()).isFalse();
    }

    @Test
    void whenThePoolPassesItsHighMarkThenReadingPausesUntilTheLoopRunsTheResume() {
        Backpressure backpressure = new Backpressure(2, 1);
        harness = DispatchHarness.pool(handler, 16, backpressure);
        harness.read("x", "y", "z");
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_BACKPRESSURE)).isTrue();
        assertThat(backpressure.pendingFrames()).isEqualTo(3);
        assertThat(backpressure.pausedConnections()).isEqualTo(1);

        harness.executor.runAll(); // releases the three frames on a business thread
        assertThat(backpressure.pendingFrames()).isZero();
        assertThat(backpressure.pausedConnections()).isZero();
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_BACKPRESSURE)).isTrue(); // resume queued
        harness.runLoop();
        assertThat(harness.connection.isSuspended(NioConnection.SUSPEND_BACKPRESSURE)).isFalse();
    }

    @Test
    void whenAFatalFramingErrorEndsADecodeThenLaterBytesFromAnyLayerAreNotDecoded() throws Exception {
        harness = DispatchHarness.io(handler, 16);
        harness.connection.decodeInboundInLoop(ByteBuffer.wrap(bytes("ok\n" + "x".repeat(100) + "\n")));
        harness.connection.decodeInboundInLoop(ByteBuffer.wrap(bytes("after\n"))); // e.g. the next TLS record
        harness.runLoop();
        assertThat(harness.peerReadsUntilEof()).isEqualTo("OK\n");
        assertThat(handled).containsExactly("ok");
        assertThat(harness.stats.framesDroppedAfterClose()).isZero(); // never even decoded
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
