package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.buffer.PooledBuffer;
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
 *
 * <p>A reply that closes the connection ends its work. Once one is decided (a handler returned it, or an
 * asynchronous reply completed with it, or a reply could not be framed), {@link #isCloseDecided()} turns
 * true for good: the handler side drops the frames that follow ({@link FrameProcessor}), replies behind the
 * closing one in request order are discarded and never written (including asynchronous ones that complete
 * afterwards), each counted in {@link ServerStats#repliesDroppedAfterClose()}; replies before it still
 * leave in order, then the connection closes.
 *
 * <p>A payload is a {@code byte[]} or a {@link PooledBuffer} ({@link Reply.Buffered}); a pooled payload that is
 * dropped or discarded instead of written is released here, so no path leaks it.
 */
final class ReplySequencer {

    private static final Logger log = LoggerFactory.getLogger(ReplySequencer.class);

    private final NioConnection connection;
    private final ServerStats stats;
    /** turns an asynchronous failure into an error reply, or null to close */
    private final Function<Throwable, byte[]> failureReply;
    /** set (by the handler side) once the connection has used an asynchronous reply */
    private boolean ordering;
    /**
     * a closing reply is decided: nothing behind it is written. Written by the handler side, or under this
     * lock by a completion; read by the handler side before each frame
     */
    private volatile boolean closeDecided;
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
    void now(Object payload, boolean closeAfter) {
        if (!ordering) {
            if (closeDecided) {
                dropped(payload, closeAfter);
                return;
            }
            if (closeAfter) {
                closeDecided = true; // a volatile write only when it changes, not per reply
            }
            write(payload, closeAfter);
            return;
        }
        synchronized (this) {
            if (closeDecided) {
                dropped(payload, closeAfter);
            } else if (head == null) {
                closeDecided |= closeAfter;
                write(payload, closeAfter);
            } else {
                Slot slot = new Slot();
                slot.complete(payload, closeAfter);
                closeDecided |= closeAfter;
                append(slot);
            }
        }
    }

    /** A reply that {@code stage} completes later. Handler side only. */
    void later(CompletionStage<? extends Reply> stage) {
        ordering = true;
        Slot slot = new Slot();
        synchronized (this) {
            if (closeDecided) {
                slot.discarded = true; // a completion closed the connection since the frame was taken
                stats.replyDroppedAfterClose(1);
            } else {
                append(slot);
            }
        }
        stage.whenComplete((reply, failure) -> completed(slot, reply, failure));
    }

    /**
     * True once a closing reply is decided: frames after it must not reach the handler. Safe from any
     * thread.
     */
    boolean isCloseDecided() {
        return closeDecided;
    }

    /** A reply decided after the closing one: counted, never written. */
    private void dropped(Object payload, boolean closeAfter) {
        releaseIfPooled(payload);
        if (payload != null || !closeAfter) {
            stats.replyDroppedAfterClose(1); // a bare close (end of input) adds nothing to drop
        }
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
            if (slot.discarded) {
                if (failure == null && reply instanceof Reply.Buffered buffered) {
                    buffered.payload().release(); // behind a closing reply: never written
                }
                return; // behind a closing reply: counted when it was discarded
            }
            if (failure != null) {
                byte[] errorReply = failureReply.apply(failure);
                slot.complete(errorReply, errorReply == null);
            } else if (reply instanceof Reply.Now now) {
                slot.complete(now.payload(), now.closeAfter());
            } else if (reply instanceof Reply.Buffered buffered) {
                slot.complete(buffered.payload(), buffered.closeAfter());
            } else {
                slot.complete(null, false); // Reply.none(), or a null reply
            }
            if (slot.closeAfter) {
                closeDecided = true;
                discardAfter(slot);
            }
            while (head != null && head.done) {
                Slot written = head;
                head = written.next;
                slots--;
                if (!write(written.payload, written.closeAfter)) {
                    discardFrom(head); // it could not be framed: the connection closes, nothing after it leaves
                    head = null;
                }
            }
            if (head == null) {
                tail = null;
            }
            if (paused && slots <= maxPendingReplies / 2) {
                paused = false;
                connection.runInLoopOrDrop(applyPauseTask);
            }
        }
        connection.flushQueued(); // on the completing thread when it may write directly, else by the loop
    }

    /** Discards every slot behind {@code closing}: their replies are never written. Guarded by this. */
    private void discardAfter(Slot closing) {
        discardFrom(closing.next);
        closing.next = null;
        tail = closing;
    }

    /** Marks {@code first} and every slot after it discarded, counting them out. Guarded by this. */
    private void discardFrom(Slot first) {
        int discarded = 0;
        for (Slot s = first; s != null; s = s.next) {
            s.discarded = true;
            releaseIfPooled(s.payload);
            s.payload = null;
            discarded++;
        }
        if (discarded > 0) {
            slots -= discarded;
            stats.replyDroppedAfterClose(discarded);
        }
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
            connection.runInLoopOrDrop(applyPauseTask);
        }
    }

    /** Loop thread only. */
    private void applyPause() {
        boolean pause;
        synchronized (this) {
            pause = paused;
        }
        if (pause) {
            connection.suspendReadingInLoop(NioConnection.SUSPEND_PENDING_REPLIES);
        } else {
            connection.resumeReadingInLoop(NioConnection.SUSPEND_PENDING_REPLIES);
        }
    }

    /** Queues the reply and closes after it if asked; false if it could not be framed (the connection closes). */
    private boolean write(Object payload, boolean closeAfter) {
        if (payload != null) {
            try {
                if (payload instanceof byte[] bytes) {
                    connection.enqueuePayload(bytes);
                } else {
                    connection.enqueuePooled((PooledBuffer) payload); // released by the queue, or here if unframeable
                }
            } catch (RuntimeException unframeable) {
                log.error("Connection {}: a reply of {} bytes cannot be framed ({}); closing the connection",
                        connection.id(), payloadLength(payload), unframeable.getMessage());
                closeDecided = true;
                connection.close(CloseReason.ERROR);
                return false;
            }
            stats.repliesQueued(1);
        }
        if (closeAfter) {
            connection.close();
        }
        return true;
    }

    private static int payloadLength(Object payload) {
        return payload instanceof byte[] bytes ? bytes.length : ((PooledBuffer) payload).buffer().remaining();
    }

    private static void releaseIfPooled(Object payload) {
        if (payload instanceof PooledBuffer pooled) {
            pooled.release();
        }
    }

    /** One reply's place in line; fields guarded by the sequencer's lock. */
    private static final class Slot {
        /** the reply (a byte[] or a PooledBuffer), or null for none */
        Object payload;
        /** close the connection after this reply */
        boolean closeAfter;
        /** the reply is known */
        boolean done;
        /** behind a closing reply: never written */
        boolean discarded;
        /** the next slot in request order */
        Slot next;

        void complete(Object replyPayload, boolean close) {
            this.payload = replyPayload;
            this.closeAfter = close;
            this.done = true;
        }
    }
}
