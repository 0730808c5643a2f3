package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/** TEMPORARY placeholder, replaced by the codec work. */
final class LengthFieldFrameEncoder implements FrameEncoder {
    LengthFieldFrameEncoder(LengthFieldFraming f) {
    }

    @Override
    public ByteBuffer encode(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.putInt(payload.length).put(payload).flip();
        return b;
    }
}
