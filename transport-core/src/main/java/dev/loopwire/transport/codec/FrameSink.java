package dev.loopwire.transport.codec;

/**
 * Receives the frames a {@link FrameDecoder} cuts out of the byte stream, in stream order.
 *
 * <p>Called on the thread that called {@link FrameDecoder#decode}, which for a live connection is the
 * connection's loop thread. The frame array is handed over: the sink owns it from then on.
 */
@FunctionalInterface
public interface FrameSink {

    /**
     * Takes one decoded frame.
     *
     * @param frame the frame's bytes, delimiter or stripped header already removed; never {@code null}
     */
    void onFrame(byte[] frame);
}
