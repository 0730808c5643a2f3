package dev.loopwire.transport.codec;

/**
 * How a server or client cuts its byte stream into frames: an immutable description that makes one
 * {@link FrameDecoder} per connection and shares one {@link FrameEncoder}. Safe from any thread.
 *
 * @see LineFraming
 * @see LengthFieldFraming
 */
public interface Framing {

    /** A fresh decoder for one new connection. */
    FrameDecoder newDecoder();

    /** The encoder for replies; stateless and shared. */
    FrameEncoder encoder();

    /** The largest frame this framing accepts, in bytes, header or delimiter included. */
    int maxFrameBytes();
}
