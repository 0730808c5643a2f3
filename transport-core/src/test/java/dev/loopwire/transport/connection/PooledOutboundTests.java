package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.buffer.BufferPool;
import dev.loopwire.transport.buffer.BufferPoolConfig;
import dev.loopwire.transport.buffer.ConnectionBuffers;
import dev.loopwire.transport.buffer.PooledBuffer;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.loop.DrivenLoop;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pooled reply's buffer goes back to the pool exactly when its last byte is written, or when the queue is discarded. */
class PooledOutboundTests {

    private final DrivenLoop driven = DrivenLoop.onCurrentThread("outbound-test");
    private final BufferPool pool = new BufferPool(driven.loop(), BufferPoolConfig.DEFAULTS);
    private final ConnectionBuffers buffers = new ConnectionBuffers(pool);
    private final OutboundQueue queue = new OutboundQueue();
    private final ByteBuffer[] scratch = new ByteBuffer[OutboundQueue.MAX_BUFFERS_PER_WRITE];

    @AfterEach
    void closeLoop() {
        driven.close();
    }

    private PooledBuffer pooledPayload(int length, int seed) {
        PooledBuffer pooled = buffers.acquireInLoop(length);
        for (int i = 0; i < length; i++) {
            pooled.buffer().put(i, (byte) (seed + i));
        }
        return pooled;
    }

    private void queuePooled(PooledBuffer payload, boolean onLoop) {
        ByteBuffer[] frame = LengthFieldFraming.defaults().encoder().encodeBuffer(payload.buffer());
        queue.addPooled(frame, payload, onLoop);
    }

    @Test
    void whenTheLastByteOfAPooledFrameIsWrittenThenItsBufferIsReleasedAndNotBefore() throws Exception {
        queuePooled(pooledPayload(10_000, 1), true);
        queuePooled(pooledPayload(5_000, 2), false); // through the hand-off queue, as from another thread
        TricklingChannel channel = new TricklingChannel(4_000);

        queue.writeTo(channel, scratch, 1); // 4,000 of 10,004 bytes
        assertThat(pool.outstanding()).isEqualTo(2);
        queue.writeTo(channel, scratch, 2); // 12,000: past the first frame's 10,004
        assertThat(pool.outstanding()).isEqualTo(1);
        queue.writeTo(channel, scratch, 16);

        assertThat(queue.isEmpty()).isTrue();
        assertThat(pool.outstanding()).isZero();
        assertThat(buffers.held()).isZero();
        byte[] written = channel.bytes.toByteArray();
        assertThat(written).hasSize(10_004 + 5_004);
        assertThat(ByteBuffer.wrap(written).getInt(0)).isEqualTo(10_000);
        assertThat(written[4 + 9_999]).isEqualTo((byte) (1 + 9_999));
        assertThat(ByteBuffer.wrap(written).getInt(10_004)).isEqualTo(5_000);
        assertThat(written[10_004 + 4 + 4_999]).isEqualTo((byte) (2 + 4_999));
    }

    @Test
    void whenTheQueueIsDiscardedMidWriteThenEveryPooledBufferIsReleased() throws Exception {
        queuePooled(pooledPayload(10_000, 1), true);
        queuePooled(pooledPayload(10_000, 2), true);
        queuePooled(pooledPayload(10_000, 3), false);
        queue.writeTo(new TricklingChannel(3_000), scratch, 1);
        assertThat(pool.outstanding()).isEqualTo(3);

        queue.discard();

        assertThat(pool.outstanding()).isZero();
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void whenATransportLayerConsumesPooledFramesThenTheirBuffersAreReleased() {
        queuePooled(pooledPayload(100, 1), true);
        queuePooled(pooledPayload(100, 2), true);
        ByteBuffer[] peeked = new ByteBuffer[8];
        int count = queue.peek(peeked);
        long taken = 0;
        for (int i = 0; i < count; i++) {
            taken += peeked[i].remaining();
            peeked[i].position(peeked[i].limit()); // what an encrypting layer does with the bytes it took
        }

        queue.consumed(taken);

        assertThat(pool.outstanding()).isZero();
    }
}
