package dev.loopwire.transport;

/**
 * The protocol logic of a server: one call per inbound frame.
 *
 * <p>Which thread calls it depends on the server's {@link Dispatch}: the connection's loop thread
 * ({@link Dispatch#IO}, so it must not block) or a business thread ({@link Dispatch#POOL},
 * {@link Dispatch#VIRTUAL}). For one connection, calls never overlap and come in frame order; calls for
 * different connections may run at the same time, so a handler shared by connections must be
 * thread-safe.
 */
@FunctionalInterface
public interface FrameHandler {

    /**
     * Handles one frame.
     *
     * @param connection the connection the frame came from
     * @param frame      the frame payload (delimiter or stripped header removed); the handler owns it
     * @return the reply; never {@code null} (use {@link Reply#none()})
     * @throws Exception any failure; the server's {@link FailurePolicy} turns it into an error reply or
     *         a close, and the connection's later frames are still handled if it stays open
     */
    Reply handle(Connection connection, byte[] frame) throws Exception;
}
