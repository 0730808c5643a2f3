package dev.loopwire.transport.connection;

import dev.loopwire.transport.Frame;
import dev.loopwire.transport.buffer.ConnectionBuffers;
import dev.loopwire.transport.buffer.PooledBuffer;
import java.nio.ByteBuffer;

/**
 * The {@link Frame} a connection hands to a buffer handler: one reusable object per connection, pointed at
 * each frame in turn (a view of the read buffer, a pooled buffer, or an array) and ended after the handler
 * call, which gives an unretained pooled buffer back.
 *
 * <p>Owned by one connection's {@link FrameReader}; loop thread only.
 */
final class InboundFrame implements Frame {

    private final ConnectionBuffers buffers;
    /** the input the frame lies in, or null */
    private ByteBuffer source;
    private int offset;
    private int length;
    /** the pooled buffer the frame was gathered in, or null */
    private PooledBuffer pooled;
    /** the array the frame came in, or null */
    private byte[] array;
    /** the handler took the bytes (or the call ended): no second retain */
    private boolean taken;
    /** between {@code of...} and {@link #end()} */
    private boolean active;

    InboundFrame(ConnectionBuffers buffers) {
        this.buffers = buffers;
    }

    /** Points at {@code [offset, offset + length)} of {@code in}. */
    InboundFrame ofView(ByteBuffer in, int start, int count) {
        reset();
        source = in;
        offset = start;
        length = count;
        return this;
    }

    /** Points at the pooled {@code frame} (position 0, limit = length), which this object owns until {@link #end()}. */
    InboundFrame ofPooled(PooledBuffer frame) {
        reset();
        pooled = frame;
        length = frame.buffer().limit();
        return this;
    }

    /** Points at {@code frame}. */
    InboundFrame ofArray(byte[] frame) {
        reset();
        array = frame;
        length = frame.length;
        return this;
    }

    private void reset() {
        source = null;
        pooled = null;
        array = null;
        taken = false;
        active = true;
    }

    /** The handler call is over: an unretained pooled frame goes back to the pool. */
    void end() {
        active = false;
        if (pooled != null && !taken) {
            pooled.release();
        }
        source = null;
        pooled = null;
        array = null;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public ByteBuffer payload() {
        checkActive();
        if (pooled != null) {
            return pooled.buffer().asReadOnlyBuffer().position(0).limit(length).slice();
        }
        if (array != null) {
            return ByteBuffer.wrap(array).asReadOnlyBuffer();
        }
        return source.slice(offset, length).asReadOnlyBuffer();
    }

    @Override
    public PooledBuffer retain() {
        checkActive();
        if (taken) {
            throw new IllegalStateException("frame already retained; retain() hands its bytes over once");
        }
        taken = true;
        if (pooled != null) {
            pooled.buffer().position(0).limit(length);
            return pooled;
        }
        PooledBuffer copy = buffers.acquireInLoop(length);
        ByteBuffer target = copy.buffer();
        if (array != null) {
            target.put(0, array, 0, length);
        } else {
            target.put(0, source, offset, length);
        }
        target.limit(length).position(0);
        return copy;
    }

    @Override
    public PooledBuffer allocate(int capacity) {
        return buffers.acquireInLoop(capacity);
    }

    private void checkActive() {
        if (!active) {
            throw new IllegalStateException("the frame is only valid during the handler call; retain() it to keep it");
        }
    }
}
