package dev.loopwire.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.buffer.BufferPool;
import dev.loopwire.transport.buffer.BufferPoolConfig;
import dev.loopwire.transport.buffer.ConnectionBuffers;
import dev.loopwire.transport.buffer.PooledBuffer;
import dev.loopwire.transport.loop.DrivenLoop;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The length-field decoder given a {@link BufferFrameSink}: frames whole in a read come as views, frames that
 * span reads are gathered in pooled buffers, and every way of splitting the input gives the frames the
 * {@code byte[]} path gives, with no buffer left outstanding.
 */
class BufferFrameDecodingTests {

    private final DrivenLoop driven = DrivenLoop.onCurrentThread("decode-test");
    private final BufferPool pool = new BufferPool(driven.loop(), BufferPoolConfig.DEFAULTS);

    @AfterEach
    void closeLoop() {
        driven.close();
    }

    private static final LengthFieldFraming DEFAULT = LengthFieldFraming.defaults();
    /** a type byte before a 2-byte length, header kept: strip 0, offset 1 */
    private static final LengthFieldFraming TYPED = LengthFieldFraming.defaults().lengthFieldOffset(1)
            .lengthFieldLength(2).initialBytesToStrip(0);

    @Test
    void whenInputIsSplitAtEveryByteThenTheBufferPathDecodesWhatTheArrayPathDecodes() {
        for (LengthFieldFraming framing : List.of(DEFAULT, TYPED)) {
            byte[] stream = stream(framing, 0, 1, 5, 300, 4_097, 2);
            List<byte[]> expected = CodecHarness.of(framing).feed(stream).frames();
            assertThat(expected).hasSize(6);
            for (int split = 0; split <= stream.length; split++) {
                Recording recording = decode(framing, stream, split);
                assertThat(recording.frames).as("split at %d", split).containsExactlyElementsOf(expected);
                assertThat(pool.outstanding()).as("split at %d", split).isZero();
            }
            assertThat(decode(framing, stream, oneByteSplits(stream.length)).frames).containsExactlyElementsOf(expected);
            Random random = new Random(12);
            for (int round = 0; round < 200; round++) {
                int[] splits = random.ints(5, 0, stream.length + 1).sorted().toArray();
                assertThat(decode(framing, stream, splits).frames).containsExactlyElementsOf(expected);
            }
            assertThat(pool.outstanding()).isZero();
        }
    }

    @Test
    void whenAFrameLiesWholeInTheInputThenItIsAViewAndWhenItSpansReadsThenOnePooledBuffer() {
        byte[] stream = stream(DEFAULT, 100, 65_536);

        Recording recording = decode(DEFAULT, stream, 30_000);

        assertThat(recording.kinds).containsExactly("view", "pooled:65536");
        assertThat(pool.stats().allocations()).isEqualTo(1);
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void whenInputEndsMidFrameThenReleasingTheDecoderReturnsItsPartialBuffer() throws Exception {
        byte[] stream = stream(DEFAULT, 65_536);
        FrameDecoder decoder = DEFAULT.newDecoder();
        Recording sink = new Recording(new ConnectionBuffers(pool));
        decoder.decode(ByteBuffer.wrap(stream, 0, 40_000), sink);
        assertThat(decoder.bufferedBytes()).isEqualTo(40_000);
        assertThat(pool.outstanding()).isEqualTo(1);

        decoder.releaseBuffers();

        assertThat(pool.outstanding()).isZero();
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(sink.frames).isEmpty();
    }

    @Test
    void whenThePoolIsExhaustedThenASpanningFrameFallsBackToAnArray() {
        BufferPool empty = new BufferPool(driven.loop(), new BufferPoolConfig(0, 16, 4096, 1 << 20, false));
        byte[] stream = stream(DEFAULT, 20_000);
        FrameDecoder decoder = DEFAULT.newDecoder();
        Recording sink = new Recording(new ConnectionBuffers(empty));

        feed(decoder, sink, stream, 5_000);

        assertThat(sink.kinds).containsExactly("array");
        assertThat(sink.frames.get(0)).isEqualTo(CodecHarness.of(DEFAULT).feed(stream).frames().get(0));
        assertThat(empty.stats().misses()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    /** Frames of the given payload sizes, each byte a function of its frame and index, encoded by {@code framing}. */
    private static byte[] stream(LengthFieldFraming framing, int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int seed = 0;
        for (int size : sizes) {
            byte[] payload = new byte[size + (framing == TYPED ? 1 : 0)];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (seed * 31 + i * 7);
            }
            seed++;
            ByteBuffer encoded = framing.encoder().encode(payload);
            out.write(encoded.array(), encoded.arrayOffset(), encoded.remaining());
        }
        return out.toByteArray();
    }

    private static int[] oneByteSplits(int length) {
        int[] splits = new int[length];
        for (int i = 0; i < length; i++) {
            splits[i] = i;
        }
        return splits;
    }

    private Recording decode(LengthFieldFraming framing, byte[] stream, int... splits) {
        FrameDecoder decoder = framing.newDecoder();
        Recording sink = new Recording(new ConnectionBuffers(pool));
        feed(decoder, sink, stream, splits);
        assertThat(decoder.bufferedBytes()).isZero();
        return sink;
    }

    /**
     * Feeds the chunks between the split points as a connection does: each into a direct buffer after the
     * bytes the decoder left unconsumed last time.
     */
    private static void feed(FrameDecoder decoder, FrameSink sink, byte[] stream, int... splits) {
        byte[] carry = new byte[0];
        int from = 0;
        for (int i = 0; i <= splits.length; i++) {
            int to = i < splits.length ? splits[i] : stream.length;
            ByteBuffer in = ByteBuffer.allocateDirect(carry.length + to - from);
            in.put(carry).put(stream, from, to - from).flip();
            try {
                decoder.decode(in, sink);
            } catch (FrameDecodingException e) {
                throw new AssertionError(e);
            }
            carry = new byte[in.remaining()];
            in.get(carry);
            from = to;
        }
    }

    /** Records each frame's bytes and how it came, releasing pooled frames at once. */
    private static final class Recording implements BufferFrameSink {
        final List<byte[]> frames = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        private final ConnectionBuffers buffers;

        Recording(ConnectionBuffers buffers) {
            this.buffers = buffers;
        }

        @Override
        public void onFrame(byte[] frame) {
            frames.add(frame);
            kinds.add("array");
        }

        @Override
        public void onFrame(ByteBuffer in, int offset, int length) {
            int position = in.position();
            int limit = in.limit();
            byte[] bytes = new byte[length];
            in.get(offset, bytes);
            frames.add(bytes);
            kinds.add("view");
            assertThat(in.position()).isEqualTo(position);
            assertThat(in.limit()).isEqualTo(limit);
        }

        @Override
        public void onFrame(PooledBuffer frame) {
            ByteBuffer buffer = frame.buffer();
            assertThat(buffer.position()).isZero();
            byte[] bytes = new byte[buffer.limit()];
            buffer.get(0, bytes);
            frames.add(bytes);
            kinds.add("pooled:" + frame.capacity());
            frame.release();
        }

        @Override
        public PooledBuffer tryAcquire(int capacity) {
            return buffers.tryAcquireInLoop(capacity);
        }
    }
}
