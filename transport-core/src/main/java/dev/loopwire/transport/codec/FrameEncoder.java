package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/**
 * Turns one reply payload into the bytes that go on the wire (payload plus delimiter or length field).
 *
 * <p>Encoders are stateless and shared by every connection of a server: safe from any thread.
 */
public interface FrameEncoder {

    /**
     * Encodes one frame into one new buffer (the payload is copied).
     *
     * @param payload the frame's payload; not modified, and not retained after the call
     * @return a buffer ready to be written (position 0, limit = encoded length), owned by the caller
     * @throws IllegalArgumentException if the payload cannot be framed (too long for the length field,
     *         or longer than the configured maximum)
     */
    ByteBuffer encode(byte[] payload);

    /**
     * Encodes one frame without copying its payload: the buffers to write, in order, are the framing's
     * bytes before the payload (if any), the payload array itself wrapped, and the framing's bytes after
     * it (if any). Meant for large payloads, where the copy costs more than an extra buffer in a gathering
     * write. The default copies, as {@link #encode(byte[])} does.
     *
     * @param payload the frame's payload; not modified, but read when the frame is written, so the caller
     *                must not change it after handing it over
     * @return one to three buffers ready to be written, owned by the caller
     * @throws IllegalArgumentException as {@link #encode(byte[])}
     */
    default ByteBuffer[] encodeWrapped(byte[] payload) {
        return new ByteBuffer[] {encode(payload)};
    }

    /**
     * Encodes one frame whose payload is {@code payload}'s bytes from its position to its limit, writing them
     * from that buffer where the framing allows: the buffers to write, in order. The default copies the bytes
     * into an array and encodes it as {@link #encodeWrapped(byte[])} does.
     *
     * @param payload the frame's payload; read when the frame is written, so the caller must not change it
     *                until then. Its position may move as it is written
     * @return one to three buffers ready to be written, owned by the caller
     * @throws IllegalArgumentException as {@link #encode(byte[])}
     */
    default ByteBuffer[] encodeBuffer(ByteBuffer payload) {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return encodeWrapped(copy);
    }
}
