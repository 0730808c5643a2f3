package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.connection.InboundHandler;
import dev.loopwire.transport.connection.NioConnection;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pool} (and {@code virtual}) dispatch, the half-sync half of the server: the loop collects the
 * frames of each read into a batch and posts it to the connection's {@link SerialMailbox}; one drain
 * task at a time runs on the business executor, handles the frames in arrival order, queues all replies
 * of its batch, and then writes them with one gathering write itself when the connection allows direct
 * writes and its socket is free, or else asks the loop for one flush ({@link NioConnection#flushQueued()}).
 *
 * <p>The inbound-handler methods run on the connection's loop thread; {@link #run()} runs on a business
 * thread. The loop never runs handler code, not even when the executor rejects a task: it retries the
 * hand-off a little later, and backpressure stops reading meanwhile.
 */
public final class PooledDispatcher implements InboundHandler, Runnable {

    private static final Logger log = LoggerFactory.getLogger(PooledDispatcher.class);

    /** events one drain task handles before it yields its thread to other connections */
    static final int MAX_EVENTS_PER_DRAIN = 1024;
    /** delay before retrying a hand-off the executor rejected */
    private static final long REJECTED_RETRY_MILLIS = 5;


    private final NioConnection connection;
    private final DispatchContext context;
    private final FrameProcessor processor;
    private final SerialMailbox mailbox = new SerialMailbox();
    /** the events of the current read; loop thread only */
    private final ArrayList<Object> readBatch = new ArrayList<>();
    /** the drain task's spare list for swapping; drain task only */
    private ArrayList<Object> spare = new ArrayList<>();
    /** the open call was posted (or done), so the close call is due; loop thread only */
    private boolean opened;

    public PooledDispatcher(NioConnection connection, DispatchContext context) {
        this.connection = connection;
        this.context = context;
        this.processor = new FrameProcessor(connection, context);
    }

    // ------------------------------------------------------------------ loop thread

    @Override
    public void onRegistered() {
        opened = true;
        if (context.hasLifecycle()) {
            postMarker(MailboxEvents.OPENED); // the first item of the mailbox: its greeting precedes every reply
        } else {
            processor.opened(); // nothing to run: only reports the connection open
        }
    }

    @Override
    public void onFrame(byte[] frame) {
        readBatch.add(frame);
    }

    @Override
    public void onReadComplete() {
        postBatch();
    }

    @Override
    public void onBadFrame(FrameDecodingException error) {
        readBatch.add(error);
        postBatch();
    }

    @Override
    public void onInputClosed() {
        readBatch.add(MailboxEvents.END_OF_INPUT);
        postBatch();
    }

    @Override
    public void onClosed() {
        context.backpressure().forget(connection);
        if (opened && context.hasLifecycle()) {
            readBatch.clear(); // frames not handed on yet would be dropped after the close anyway
            postMarker(MailboxEvents.CLOSED); // behind every frame already posted
        }
    }

    /** Posts a lifecycle marker, which backpressure does not count. Loop thread only. */
    private void postMarker(Object marker) {
        readBatch.add(marker);
        if (mailbox.post(readBatch)) {
            submitDrain();
        }
    }

    private void postBatch() {
        if (readBatch.isEmpty()) {
            return;
        }
        // count (and maybe pause) before the frames become visible to the pool
        context.backpressure().reserve(connection, readBatch.size());
        if (mailbox.post(readBatch)) {
            submitDrain();
        }
    }

    private void submitDrain() {
        try {
            context.executor().execute(this);
        } catch (RejectedExecutionException rejected) {
            log.warn("Server {}: the business executor rejected connection {}'s work; retrying in {} ms",
                    context.serverName(), connection.id(), REJECTED_RETRY_MILLIS);
            connection.eventLoop().schedule(this::submitDrain, REJECTED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * True while frames of this connection wait for, or are in, the pool, or a reply is pending behind an
     * asynchronous one. Safe from any thread.
     */
    public boolean hasUnfinishedWork() {
        return mailbox.busy() || processor.hasPendingReplies();
    }

    @Override
    public boolean hasWorkInFlight() {
        return hasUnfinishedWork();
    }

    @Override
    public boolean repliesOffLoop() {
        return true;
    }

    // ------------------------------------------------------------------ business thread

    /** The drain task: handles posted events in order, then flushes once per batch. */
    @Override
    public void run() {
        int handled = 0;
        ArrayList<Object> batch;
        while ((batch = mailbox.take(spare)) != null) {
            for (int i = 0; i < batch.size(); i++) {
                MailboxEvents.deliver(processor, batch.get(i));
            }
            int size = batch.size();
            for (int i = 0; i < batch.size(); i++) {
                Object event = batch.get(i);
                if (MailboxEvents.isLifecycle(event)) {
                    size--; // markers were never reserved
                }
            }
            batch.clear();
            spare = batch;
            connection.flushQueued(); // the batch's replies in one write, here or on the loop
            context.backpressure().release(size);
            handled += size;
            if (handled >= MAX_EVENTS_PER_DRAIN) {
                if (resubmitted()) {
                    return;
                }
                handled = 0;
            }
        }
    }

    /**
     * Hands the rest of the mailbox (still marked as draining) to a fresh task so other connections get
     * a turn; false if the executor refused, and this task simply goes on.
     */
    private boolean resubmitted() {
        try {
            context.executor().execute(this);
            return true;
        } catch (RejectedExecutionException rejected) {
            return false;
        }
    }
}
