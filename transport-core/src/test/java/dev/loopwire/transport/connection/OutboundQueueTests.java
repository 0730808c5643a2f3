package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The outbound queue keeps the order frames were queued in, whichever thread queued them. */
class OutboundQueueTests {

    @Test
    void whenFrameIsQueuedOnTheLoopThenItDoesNotOvertakeOneQueuedEarlierFromAnotherThread() throws Exception {
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

    @Test
    void whenManyThreadsQueueFramesOfSeveralBuffersThenTheyNeverInterleave() throws Exception {
        OutboundQueue queue = new OutboundQueue();
        int threads = 4;
        int framesPerThread = 2_000;
        Thread[] senders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            String tag = String.valueOf((char) ('a' + t));
            senders[t] = new Thread(() -> {
                for (int i = 0; i < framesPerThread; i++) {
                    queue.addFromAnyThread(new ByteBuffer[] {frame("<" + tag), frame(tag + ">")});
                }
            });
            senders[t].start();
        }
        queue.addInLoop(new ByteBuffer[] {frame("<l"), frame("l>")});
        for (Thread sender : senders) {
            sender.join(10_000);
        }

        RecordingChannel channel = new RecordingChannel();
        while (!queue.isEmpty()) {
            queue.writeTo(channel, new ByteBuffer[OutboundQueue.MAX_BUFFERS_PER_WRITE], 16);
        }

        String written = channel.written();
        assertThat(written).hasSize((threads * framesPerThread + 1) * 4);
        for (int i = 0; i < written.length(); i += 4) {
            String frame = written.substring(i, i + 4);
            assertThat(frame).as("frame at byte %d", i).matches("<([a-dl])\\1>");
        }
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
