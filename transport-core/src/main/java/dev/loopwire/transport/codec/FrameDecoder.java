package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/**
 * Cuts frames out of a TCP byte stream.
 *
 * <p>A decoder is stateful and belongs to one connection: it is created by {@link Framing#newDecoder()}
 * when the connection opens and is only ever called on that connection's loop thread. The connection
 * keeps the unconsumed tail of a partial frame and presents it again, followed by the bytes that arrived
 * since, on the next call. A decoder that knows a frame's length from its header may instead consume the
 * frame's first bytes into the array it will deliver and fill it on later calls; it reports those bytes in
 * {@link #bufferedBytes()}.
 *
 * <p>No decoder ever allocates more than {@link #maxFrameBytes()} for a frame, whatever a peer sends.
 */
public interface FrameDecoder {

    /**
     * Decodes every complete frame in {@code in} between its position and its limit, handing each to
     * {@code sink} in order.
     *
     * <p>On a normal return, {@code in.position()} marks the first byte the decoder still needs (the start of
     * a partial frame, or the limit); the bytes before it were decoded into frames or skipped. The caller must
     * present the bytes from the position on again, at the start of the next call's input. Loop thread only.
     *
     * @param in   the bytes received, read from position to limit; the decoder moves only the position
     * @param sink receives the decoded frames
     * @throws FrameDecodingException when the input breaks the framing rules. If
     *         {@link FrameDecodingException#recoverable()} is true, {@code in.position()} has been moved
     *         past what the decoder skipped and decoding may continue with another call; otherwise the
     *         stream cannot be resynchronised and the connection must be closed.
     */
    void decode(ByteBuffer in, FrameSink sink) throws FrameDecodingException;

    /**
     * The largest number of bytes one frame, with its header or delimiter, may occupy in the input.
     * The connection never needs to hold more than this for a partial frame, and sizes nothing beyond it.
     * Safe from any thread.
     */
    int maxFrameBytes();

    /**
     * Input bytes of a partial frame the decoder has consumed and not yet delivered (header included);
     * 0 for decoders that leave every partial frame to the caller. Loop thread only.
     */
    default int bufferedBytes() {
        return 0;
    }

    /**
     * Releases any pooled buffer the decoder holds for a partial frame (the connection closed, or its input
     * ended or broke). Decoding must not go on afterwards. The default holds none. Loop thread only.
     */
    default void releaseBuffers() {
    }
}
