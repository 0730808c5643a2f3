package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.Frame;
import dev.loopwire.transport.buffer.ConnectionBuffers;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.connection.InboundHandler;
import dev.loopwire.transport.connection.NioConnection;

/**
 * {@code io} dispatch: the handler runs on the connection's loop thread as each frame is decoded, and
 * the replies of one read leave in one write at the end of the loop iteration. Loop thread only.
 */
public final class InLoopDispatcher implements InboundHandler {

    private final NioConnection connection;
    private final FrameProcessor processor;
    /** the open call ran, so the close call is due */
    private boolean opened;
    /** the connection's share of its loop's buffer pool when the handler takes buffers, else null */
    private final ConnectionBuffers buffers;

    public InLoopDispatcher(NioConnection connection, DispatchContext context) {
        this.connection = connection;
        this.processor = new FrameProcessor(connection, context);
        this.buffers = context.bufferHandler() == null ? null
                : new ConnectionBuffers(context.bufferPools().forLoop(connection.eventLoop()));
    }

    @Override
    public void onRegistered() {
        opened = true;
        processor.opened();
        connection.requestFlush();
    }

    @Override
    public void onFrame(byte[] frame) {
        processor.frame(frame);
    }

    @Override
    public void onFrame(Frame frame) {
        processor.frame(frame);
    }

    @Override
    public ConnectionBuffers frameBuffers() {
        return buffers;
    }

    @Override
    public void onReadComplete() {
        connection.requestFlush();
    }

    @Override
    public void onBadFrame(FrameDecodingException error) {
        processor.badFrame(error);
        connection.requestFlush();
    }

    @Override
    public void onInputClosed() {
        processor.inputEnded();
        connection.requestFlush();
    }

    @Override
    public boolean hasWorkInFlight() {
        return processor.hasPendingReplies();
    }

    @Override
    public void onClosed() {
        // late asynchronous replies find the connection closed and are dropped
        if (opened) {
            processor.closed();
        }
    }
}
