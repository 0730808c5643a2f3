package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The outbound queue keeps the order frames were queued in, whichever thread queued them. */
class OutboundQueueTest {

    @Test
    void frameQueuedOnTheLoopDoesNotOvertakeOneQueuedEarlierFromAnotherThread() throws Exception {
        OutboundQueue queue = new OutboundQueue();
        // e.g. an asynchronous reply completed on a business thread, then the next reply written in-loop
        queue.addFromAnyThread(frame("first\n"));
        queue.addInLoop(frame("second\n"));
        queue.addFromAnyThread(frame("third\n"));

        RecordingChannel channel = new RecordingChannel();
        queue.writeTo(channel, new ByteBuffer[OutboundQueue.MAX_BUFFERS_PER_WRITE], 16);

        assertThat(channel.written()).isEqualTo("first\nsecond\nthird\n");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.pendingBytes()).isZero();
    }

    private static ByteBuffer frame(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A channel that takes every byte and records it. */
    private static final class RecordingChannel implements GatheringByteChannel {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        String written() {
            return bytes.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(sources[i]);
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            int n = source.remaining();
            while (source.hasRemaining()) {
                bytes.write(source.get());
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
