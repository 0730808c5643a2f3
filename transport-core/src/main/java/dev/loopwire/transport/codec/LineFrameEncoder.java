package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/** TEMPORARY placeholder, replaced by the codec work. */
final class LineFrameEncoder implements FrameEncoder {
    private final byte[] delim;

    LineFrameEncoder(LineDelimiter delimiter, int max) {
        delim = delimiter == LineDelimiter.CRLF ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
    }

    @Override
    public ByteBuffer encode(byte[] payload) {
        byte[] out = new byte[payload.length + delim.length];
        System.arraycopy(payload, 0, out, 0, payload.length);
        System.arraycopy(delim, 0, out, payload.length, delim.length);
        return ByteBuffer.wrap(out);
    }
}
