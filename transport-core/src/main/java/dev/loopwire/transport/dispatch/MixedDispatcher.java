package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.connection.InboundHandler;
import dev.loopwire.transport.connection.NioConnection;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch chosen per route ({@link dev.loopwire.transport.RouteDispatch}): each frame runs where its route
 * says, and the connection's frames still run one at a time, in arrival order.
 *
 * <ul>
 *   <li>A {@code pool} or {@code virtual} frame goes to the connection's {@link SerialMailbox}, preceded by
 *       its mode. One drain task at a time handles the mailbox; when the next frame's mode has another
 *       executor than the one the drain runs on, the drain hands the rest of the mailbox to that executor
 *       (resubmitting itself) and ends, so the connection's handlers never overlap.</li>
 *   <li>An {@code io} frame runs right here, on the loop, when nothing of its connection is pending: no
 *       frame of the current read waits to be posted and the mailbox is idle. Otherwise it is queued behind
 *       the pending frames and runs in order on the drain's business thread. Handing it back to the loop
 *       instead would cost a loop task per frame and another hop, for a handler that by contract neither
 *       blocks nor cares which thread it is on; it never overtakes an earlier frame either way.</li>
 *   <li>Rejected frames and the end of input follow the same rule as {@code io} frames (in the loop when
 *       idle, else in order behind the pending ones); the lifecycle's open and close calls run where the
 *       server's own dispatch says, the close call behind every frame.</li>
 * </ul>
 *
 * <p>Replies go through the connection's one {@link FrameProcessor} (and its {@link ReplySequencer}), so
 * they leave in request order, a closing reply ends the connection's work, and handled frames release
 * {@link Backpressure} exactly as in {@link PooledDispatcher}; frames run in the loop are never counted
 * there. The inbound-handler methods run on the connection's loop thread; {@link #run()} on a business
 * thread.
 */
public final class MixedDispatcher implements InboundHandler, Runnable {

    private static final Logger log = LoggerFactory.getLogger(MixedDispatcher.class);

    /** delay before retrying a hand-off an executor rejected */
    private static final long REJECTED_RETRY_MILLIS = 5;


    private final NioConnection connection;
    private final DispatchContext context;
    private final MixedDispatch routes;
    private final FrameProcessor processor;
    private final SerialMailbox mailbox = new SerialMailbox();

    // ------------------------------------------------------------------ loop thread state

    /** the events of the current read not yet posted: modes, frames, errors, markers */
    private final ArrayList<Object> readBatch = new ArrayList<>();
    /** events of {@link #readBatch} that backpressure counts */
    private int readBatchCounted;
    /** the executor a drain for {@link #readBatch} starts on: that of its first business frame, or null */
    private Executor readBatchExecutor;
    /** something was posted since the mailbox was last seen idle (saves its lock for io-only traffic) */
    private boolean mayBeBusy;
    /** a frame ran in the loop during this read: flush at its end */
    private boolean handledInLoop;
    /** the open call was made or posted, so the close call is due */
    private boolean opened;

    // ------------------------------------------------------------------ drain state (one drain at a time)

    /** the list the mailbox swaps in next */
    private ArrayList<Object> spare = new ArrayList<>();
    /** the batch being handled; null between batches */
    private ArrayList<Object> current;
    /** index of the next event of {@link #current} */
    private int next;
    /** the executor the drain was last submitted to; set before each submission */
    private volatile Executor runningOn;

    public MixedDispatcher(NioConnection connection, DispatchContext context, MixedDispatch routes) {
        this.connection = connection;
        this.context = context;
        this.routes = routes;
        this.processor = new FrameProcessor(connection, context);
    }

    // ------------------------------------------------------------------ loop thread

    @Override
    public void onRegistered() {
        opened = true;
        if (!context.hasLifecycle()) {
            processor.opened(); // nothing to run: only reports the connection open
        } else if (routes.serverDispatch() == Dispatch.IO) {
            processor.opened();
            connection.requestFlush();
        } else {
            addMode(routes.serverDispatch());
            readBatch.add(MailboxEvents.OPENED); // the first item of the mailbox: its greeting precedes every reply
            postBatch();
        }
    }

    @Override
    public void onFrame(byte[] frame) {
        Dispatch dispatch = routes.dispatchFor(frame);
        if (dispatch == Dispatch.IO) {
            if (idle()) {
                handledInLoop = true;
                processor.frame(frame);
                return;
            }
        } else {
            addMode(dispatch);
        }
        readBatch.add(frame); // an io frame behind pending work runs in order on the drain's thread
        readBatchCounted++;
    }

    @Override
    public void onReadComplete() {
        postBatch();
        flushIfHandledInLoop();
    }

    @Override
    public void onBadFrame(FrameDecodingException error) {
        if (idle()) {
            processor.badFrame(error);
            connection.requestFlush();
            handledInLoop = false;
            return;
        }
        readBatch.add(error);
        readBatchCounted++;
        postBatch();
        flushIfHandledInLoop();
    }

    @Override
    public void onInputClosed() {
        if (idle()) {
            processor.inputEnded();
            connection.requestFlush();
            handledInLoop = false;
            return;
        }
        readBatch.add(MailboxEvents.END_OF_INPUT);
        readBatchCounted++;
        postBatch();
        flushIfHandledInLoop();
    }

    @Override
    public void onClosed() {
        context.backpressure().forget(connection);
        if (!opened || !context.hasLifecycle()) {
            return;
        }
        readBatch.clear(); // frames not handed on yet would be dropped after the close anyway
        readBatchCounted = 0;
        readBatchExecutor = null;
        if (routes.serverDispatch() == Dispatch.IO && idle()) {
            processor.closed();
            return;
        }
        addMode(routes.serverDispatch());
        readBatch.add(MailboxEvents.CLOSED); // behind every frame already posted
        postBatch();
    }

    @Override
    public boolean hasWorkInFlight() {
        return mailbox.busy() || processor.hasPendingReplies();
    }

    /** Pool and virtual routes answer off the loop, so their replies may be written by business threads. */
    @Override
    public boolean repliesOffLoop() {
        return true;
    }

    /** True when nothing of this connection waits to be posted or is pending in the mailbox. Loop thread only. */
    private boolean idle() {
        if (!readBatch.isEmpty()) {
            return false;
        }
        if (mayBeBusy) {
            if (mailbox.busy()) {
                return false;
            }
            mayBeBusy = false; // the drain ended: its handler calls happen-before this, through the mailbox lock
        }
        return true;
    }

    /** Queues the mode of the events that follow; {@code io} needs no executor and is not queued. */
    private void addMode(Dispatch dispatch) {
        Executor executor = routes.executorFor(dispatch);
        if (executor == null) {
            return;
        }
        if (readBatchExecutor == null) {
            readBatchExecutor = executor;
        }
        readBatch.add(dispatch);
    }

    private void flushIfHandledInLoop() {
        if (handledInLoop) {
            handledInLoop = false;
            connection.requestFlush();
        }
    }

    private void postBatch() {
        if (readBatch.isEmpty()) {
            return;
        }
        Executor first = readBatchExecutor != null ? readBatchExecutor : routes.anyExecutor();
        if (readBatchCounted > 0) {
            // count (and maybe pause) before the frames become visible to the drain
            context.backpressure().reserve(connection, readBatchCounted);
        }
        readBatchCounted = 0;
        readBatchExecutor = null;
        mayBeBusy = true;
        if (mailbox.post(readBatch)) {
            submitFromLoop(first);
        }
    }

    private void submitFromLoop(Executor executor) {
        runningOn = executor;
        try {
            executor.execute(this);
        } catch (RejectedExecutionException rejected) {
            retryLater(executor);
        }
    }

    /** Retries a rejected hand-off from the loop a little later; the mailbox stays marked as draining. */
    private void retryLater(Executor executor) {
        log.warn("Server {}: a business executor rejected connection {}'s work; retrying in {} ms",
                context.serverName(), connection.id(), REJECTED_RETRY_MILLIS);
        connection.eventLoop().schedule(() -> submitFromLoop(executor), REJECTED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ business thread

    /**
     * The drain task: handles the mailbox's events in order, flushing and releasing backpressure once per
     * batch; moves to another executor when the next frame's mode needs it.
     */
    @Override
    public void run() {
        int handled = 0;
        int counted = 0;
        while (true) {
            if (current == null) {
                current = mailbox.take(spare);
                if (current == null) {
                    return; // the mailbox is idle again; the loop may now run io frames itself
                }
                next = 0;
            }
            while (next < current.size()) {
                Object event = current.get(next++);
                if (event instanceof Dispatch dispatch) {
                    Executor wanted = routes.executorFor(dispatch);
                    if (wanted != runningOn) {
                        finishSegment(counted);
                        moveTo(wanted);
                        return;
                    }
                    continue;
                }
                MailboxEvents.deliver(processor, event);
                if (!MailboxEvents.isLifecycle(event)) {
                    counted++; // markers were never reserved
                }
            }
            ArrayList<Object> done = current;
            current = null;
            done.clear();
            spare = done;
            finishSegment(counted);
            handled += counted;
            counted = 0;
            if (handled >= PooledDispatcher.MAX_EVENTS_PER_DRAIN) {
                if (yielded()) {
                    return;
                }
                handled = 0;
            }
        }
    }

    /** The replies of the events handled so far leave, and their frames stop counting as pending. */
    private void finishSegment(int counted) {
        connection.flushQueued(); // on this business thread when it may write directly, else by the loop
        if (counted > 0) {
            context.backpressure().release(counted);
        }
    }

    /** Hands the rest of the mailbox (still marked as draining) to {@code executor}. */
    private void moveTo(Executor executor) {
        runningOn = executor;
        try {
            executor.execute(this);
        } catch (RejectedExecutionException rejected) {
            connection.executeInLoopOrDrop(() -> retryLater(executor));
        }
    }

    /** Gives other connections a turn on this executor; false if it refused, and this task goes on. */
    private boolean yielded() {
        try {
            runningOn.execute(this);
            return true;
        } catch (RejectedExecutionException rejected) {
            return false;
        }
    }
}
