package dev.loopwire.transport;

/**
 * The protocol logic of a server that takes frames as buffers instead of arrays, so that large frames travel
 * in pooled direct buffers: read into them, handled in place, and written back from them, with no heap
 * garbage and no copy from heap to direct memory. Opt-in with
 * {@link dev.loopwire.transport.server.TcpServerConfig#bufferBuilder(BufferFrameHandler)}; the
 * {@code byte[]} {@link FrameHandler} stays the default.
 *
 * <p>Runs on the connection's loop thread ({@link Dispatch#IO} only), so it must not block. Calls for one
 * connection come in frame order. A 64 KiB echo:
 * <pre>{@code
 * BufferFrameHandler echo = (connection, frame) -> Reply.of(frame.retain());
 * }</pre>
 */
@FunctionalInterface
public interface BufferFrameHandler {

    /**
     * Handles one frame.
     *
     * @param connection the connection the frame came from
     * @param frame      the frame, valid only during this call unless {@link Frame#retain() retained}
     * @return the reply: {@link Reply#of(dev.loopwire.transport.buffer.PooledBuffer)} with a buffer the handler
     *         owns (released after its write), or any other {@link Reply}; never {@code null}
     * @throws Exception any failure, handled by the server's {@link FailurePolicy} as for a {@link FrameHandler}
     */
    Reply handle(Connection connection, Frame frame) throws Exception;
}
