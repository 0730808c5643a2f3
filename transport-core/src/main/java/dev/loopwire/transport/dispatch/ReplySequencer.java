package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.Reply;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.stats.ServerStats;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection's replies in request order when some of them complete later, on other threads.
 *
 * <p>The handler side ({@link #now}, {@link #later}) is called for one connection by one thread at a time
 * (its loop in {@code io} dispatch, its drain task in {@code pool} dispatch). Until the connection's first
 * asynchronous reply, replies are written straight through with no lock. From then on, every reply takes
 * a slot in a FIFO under this object's lock, and a slot is written only when all slots before it are.
 * Completions of asynchronous replies come from any thread.
 *
 * <p>The slots are bounded: when {@code maxPendingReplies} wait, the connection stops reading (so a handler
 * whose futures never complete cannot make it hold an unbounded line of replies) and reads again once half
 * of them are written. Every change of that decision is followed by a run of {@link #applyPause} on the loop
 * (at once when already there, else through its task queue), which applies the decision as it stands when
 * it runs, so the last run always leaves the connection as last decided, whatever order the runs come in.
 */
final class ReplySequencer {

    private static final Logger log = LoggerFactory.getLogger(ReplySequencer.class);

    private final NioConnection connection;
    private final ServerStats stats;
    /** turns an asynchronous failure into an error reply, or null to close */
    private final Function<Throwable, byte[]> failureReply;
    /** set (by the handler side) once the connection has used an asynchronous reply */
    private boolean ordering;
    /** oldest unwritten slot; guarded by this */
    private Slot head;
    /** newest slot; guarded by this */
    private Slot tail;
    /** the slots from head to tail; guarded by this */
    private int slots;
    /** the connection stopped reading because of the slots; guarded by this */
    private boolean paused;
    /** at this many slots the connection stops reading */
    private final int maxPendingReplies;
    /** suspends or resumes reading as {@link #paused} now says; loop thread */
    private final Runnable applyPauseTask = this::applyPause;

    ReplySequencer(NioConnection connection, ServerStats stats, int maxPendingReplies,
            Function<Throwable, byte[]> failureReply) {
        this.connection = connection;
        this.stats = stats;
        this.maxPendingReplies = maxPendingReplies;
        this.failureReply = failureReply;
    }

    /**
     * A reply known now ({@code payload} may be null for none), optionally closing after it. The caller
     * requests the flush. Handler side only.
     */
    void now(byte[] payload, boolean closeAfter) {
        if (!ordering) {
            write(payload, closeAfter);
            return;
        }
        synchronized (this) {
            if (head == null) {
                write(payload, closeAfter);
            } else {
                Slot slot = new Slot();
                slot.complete(payload, closeAfter);
                append(slot);
            }
        }
    }

    /** A reply that {@code stage} completes later. Handler side only. */
    void later(CompletionStage<? extends Reply> stage) {
        ordering = true;
        Slot slot = new Slot();
        synchronized (this) {
            append(slot);
        }
        stage.whenComplete((reply, failure) -> completed(slot, reply, failure));
    }

    /** True while a reply waits for an earlier asynchronous one. Safe from any thread. */
    synchronized boolean hasPendingReplies() {
        return head != null;
    }

    private void completed(Slot slot, Reply reply, Throwable failure) {
        if (failure == null && reply instanceof Reply.Later) {
            failure = new IllegalStateException("an asynchronous reply completed with Reply.later(...); "
                    + "complete it with the inner reply instead (compose the stages)");
        }
        synchronized (this) {
            if (failure != null) {
                byte[] errorReply = failureReply.apply(failure);
                slot.complete(errorReply, errorReply == null);
            } else if (reply instanceof Reply.Now now) {
                slot.complete(now.payload(), now.closeAfter());
            } else {
                slot.complete(null, false); // Reply.none(), or a null reply
            }
            while (head != null && head.done) {
                write(head.payload, head.closeAfter);
                head = head.next;
                slots--;
            }
            if (head == null) {
                tail = null;
            }
            if (paused && slots <= maxPendingReplies / 2) {
                paused = false;
                connection.runInLoop(applyPauseTask);
            }
        }
        connection.requestFlush();
    }

    /** Guarded by this. */
    private void append(Slot slot) {
        if (tail == null) {
            head = slot;
        } else {
            tail.next = slot;
        }
        tail = slot;
        if (++slots >= maxPendingReplies && !paused) {
            paused = true;
            log.debug("Connection {}: {} replies wait behind an incomplete asynchronous reply; reading paused",
                    connection.id(), slots);
            connection.runInLoop(applyPauseTask);
        }
    }

    /** Loop thread only. */
    private void applyPause() {
        boolean pause;
        synchronized (this) {
            pause = paused;
        }
        if (pause) {
            connection.suspendReading(NioConnection.SUSPEND_PENDING_REPLIES);
        } else {
            connection.resumeReading(NioConnection.SUSPEND_PENDING_REPLIES);
        }
    }

    private void write(byte[] payload, boolean closeAfter) {
        if (payload != null) {
            try {
                connection.enqueuePayload(payload);
            } catch (RuntimeException unframeable) {
                log.error("Connection {}: a reply of {} bytes cannot be framed ({}); closing the connection",
                        connection.id(), payload.length, unframeable.getMessage());
                connection.close();
                return;
            }
            stats.repliesQueued(1);
        }
        if (closeAfter) {
            connection.close();
        }
    }

    /** One reply's place in line; fields guarded by the sequencer's lock. */
    private static final class Slot {
        /** the reply, or null for none */
        byte[] payload;
        /** close the connection after this reply */
        boolean closeAfter;
        /** the reply is known */
        boolean done;
        /** the next slot in request order */
        Slot next;

        void complete(byte[] replyPayload, boolean close) {
            this.payload = replyPayload;
            this.closeAfter = close;
            this.done = true;
        }
    }
}
