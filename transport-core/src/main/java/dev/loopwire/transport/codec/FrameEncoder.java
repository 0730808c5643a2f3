package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/**
 * Turns one reply payload into the bytes that go on the wire (payload plus delimiter or length field).
 *
 * <p>Encoders are stateless and shared by every connection of a server: safe from any thread.
 */
public interface FrameEncoder {

    /**
     * Encodes one frame.
     *
     * @param payload the frame's payload; not modified, and not retained after the call
     * @return a buffer ready to be written (position 0, limit = encoded length), owned by the caller
     * @throws IllegalArgumentException if the payload cannot be framed (too long for the length field,
     *         or longer than the configured maximum)
     */
    ByteBuffer encode(byte[] payload);
}
