package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;

/** TEMPORARY placeholder, replaced by the codec work. */
final class LineFrameDecoder implements FrameDecoder {
    private final LineDelimiter delimiter;
    private final int max;
    private final TooLongFrameAction action;
    private boolean discarding;

    LineFrameDecoder(LineDelimiter delimiter, int max, TooLongFrameAction action) {
        this.delimiter = delimiter;
        this.max = max;
        this.action = action;
    }

    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws FrameDecodingException {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                if (discarding) {
                    discarding = false;
                    start = i + 1;
                    continue;
                }
                int end = i;
                if (delimiter != LineDelimiter.LF && end > start && in.get(end - 1) == '\r') {
                    end--;
                }
                byte[] f = new byte[end - start];
                in.get(start, f);
                sink.onFrame(f);
                start = i + 1;
            }
        }
        if (discarding) {
            in.position(in.limit());
            return;
        }
        in.position(start);
        if (in.remaining() > max + 1) {
            if (action == TooLongFrameAction.CLOSE) {
                throw new FrameDecodingException(FrameError.TOO_LONG, false, "line too long");
            }
            discarding = true;
            in.position(in.limit());
            throw new FrameDecodingException(FrameError.TOO_LONG, true, "line too long");
        }
    }

    @Override
    public int maxFrameBytes() {
        return max + 2;
    }
}
