package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/** TEMPORARY placeholder (4-byte big-endian, header stripped only), replaced by the codec work. */
final class LengthFieldFrameDecoder implements FrameDecoder {
    private final LengthFieldFraming f;

    LengthFieldFrameDecoder(LengthFieldFraming f) {
        this.f = f;
    }

    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws FrameDecodingException {
        while (in.remaining() >= 4) {
            int p = in.position();
            int len = in.getInt(p);
            if (len < 0) {
                throw new FrameDecodingException(FrameError.CORRUPT, false, "negative");
            }
            if (len + 4L > f.maxFrameLength()) {
                throw new FrameDecodingException(FrameError.TOO_LONG, false, "too long");
            }
            if (in.remaining() < 4 + len) {
                return;
            }
            byte[] b = new byte[len];
            in.get(p + 4, b);
            in.position(p + 4 + len);
            sink.onFrame(b);
        }
    }

    @Override
    public int maxFrameBytes() {
        return f.maxFrameLength();
    }
}
