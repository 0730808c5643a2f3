package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Frame;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.connection.NioConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's inbound events through the handler and turns the outcome into replies, in
 * order: frames, rejected frames (error reply or close), and the end of input (close after the last
 * reply). Called for one connection by one thread at a time: the loop ({@code io}) or the drain task
 * ({@code pool}). The caller requests the flush after a batch.
 *
 * <p>Once a reply that closes the connection is decided ({@link ReplySequencer#isCloseDecided()}), or the
 * connection is closing for another reason, later frames never reach the handler: they are dropped and
 * counted in {@link dev.loopwire.transport.stats.ServerStats#framesDroppedAfterClose()}, and a rejected
 * frame after it gets no error reply.
 */
final class FrameProcessor {

    private static final Logger log = LoggerFactory.getLogger(FrameProcessor.class);

    private final NioConnection connection;
    private final DispatchContext context;
    private final ReplySequencer replies;
    /** the lifecycle's open call ran (or threw), so its close call is due; dispatch thread only */
    private boolean openCalled;

    FrameProcessor(NioConnection connection, DispatchContext context) {
        this.connection = connection;
        this.context = context;
        this.replies = new ReplySequencer(connection, context.stats(), context.maxPendingReplies(), this::failureReply);
    }

    /**
     * The connection opened: runs the lifecycle's open call (when there is one) and sequences its greeting
     * ahead of every reply, then reports the connection open. Before any frame.
     */
    void opened() {
        if (context.hasLifecycle() && connection.isOpen()) {
            openCalled = true;
            Reply greeting;
            try {
                greeting = context.lifecycle().onOpen(connection);
            } catch (Throwable failure) {
                handlerFailed(failure);
                greeting = null;
            }
            if (greeting != null) {
                deliver(greeting);
            }
        }
        context.opened().accept(connection);
    }

    /**
     * The connection closed: the lifecycle's close call, after the last frame, if its open call ran (a
     * connection that closed before its open call gets neither). Failures are logged.
     */
    void closed() {
        if (!openCalled) {
            return;
        }
        CloseReason reason = connection.closeReason();
        try {
            context.lifecycle().onClose(connection, reason == null ? CloseReason.LOCAL : reason);
        } catch (Throwable failure) {
            log.error("Server {}: the close call for connection {} failed", context.serverName(), connection.id(),
                    failure);
        }
    }

    /** Handles one frame, or drops it when the connection's work has ended. */
    void frame(byte[] frame) {
        if (workEnded()) {
            context.stats().frameDroppedAfterClose();
            return;
        }
        Reply reply;
        try {
            reply = context.handler().handle(connection, frame);
        } catch (Throwable failure) {
            handlerFailed(failure);
            return;
        }
        deliver(reply);
    }

    /**
     * Handles one frame with the server's {@link dev.loopwire.transport.BufferFrameHandler}, or drops it when
     * the connection's work has ended. Loop thread ({@code io} dispatch).
     */
    void frame(Frame frame) {
        if (workEnded()) {
            context.stats().frameDroppedAfterClose();
            return;
        }
        Reply reply;
        try {
            reply = context.bufferHandler().handle(connection, frame);
        } catch (Throwable failure) {
            handlerFailed(failure);
            return;
        }
        deliver(reply);
    }

    private void deliver(Reply reply) {
        if (reply instanceof Reply.Now now) {
            replies.now(now.payload(), now.closeAfter());
        } else if (reply instanceof Reply.Buffered buffered) {
            replies.now(buffered.payload(), buffered.closeAfter());
        } else if (reply instanceof Reply.Later later) {
            replies.later(later.stage());
        } else if (reply == null) {
            log.warn("Server {}: handler returned null for a frame on connection {}; use Reply.none() for no reply",
                    context.serverName(), connection.id());
        }
    }

    /** Answers a frame the decoder rejected, in its place among the replies. */
    void badFrame(FrameDecodingException error) {
        if (workEnded()) {
            context.stats().frameDroppedAfterClose(); // counted as rejected too; no error reply after the close
            return;
        }
        byte[] errorReply;
        try {
            errorReply = context.failurePolicy().onBadFrame(connection, error);
        } catch (RuntimeException policyFailure) {
            log.error("Server {}: the failure policy threw; closing connection {}", context.serverName(),
                    connection.id(), policyFailure);
            errorReply = null;
        }
        if (errorReply == null || !error.recoverable()) {
            connection.noteCloseReason(CloseReason.ERROR);
        }
        replies.now(errorReply, errorReply == null || !error.recoverable());
    }

    /** No more frames will come: close once every earlier reply is written. */
    void inputEnded() {
        replies.now(null, true);
    }

    /** True once a closing reply is decided or the connection is closing: no frame may run any more. */
    private boolean workEnded() {
        return replies.isCloseDecided() || !connection.isOpen();
    }

    /** True while a reply waits for an earlier asynchronous one. Safe from any thread. */
    boolean hasPendingReplies() {
        return replies.hasPendingReplies();
    }

    private void handlerFailed(Throwable failure) {
        byte[] errorReply = failureReply(failure);
        replies.now(errorReply, errorReply == null);
    }

    private byte[] failureReply(Throwable failure) {
        context.stats().handlerFailed();
        context.failureLog().handlerFailed(log, context.serverName(), connection.id(), connection.remoteAddress(),
                failure);
        byte[] errorReply;
        try {
            errorReply = context.failurePolicy().onHandlerFailure(connection, failure);
        } catch (RuntimeException policyFailure) {
            log.error("Server {}: the failure policy threw; closing connection {}", context.serverName(),
                    connection.id(), policyFailure);
            errorReply = null;
        }
        if (errorReply == null) {
            connection.noteCloseReason(CloseReason.ERROR);
        }
        return errorReply;
    }
}
