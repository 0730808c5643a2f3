package dev.loopwire.transport.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * The encrypted bytes of one connection that the socket did not take yet (or handshake records made
 * while unwrapping), oldest first. Empty most of the time, so it holds no buffer then.
 *
 * <p>Appending is amortised O(1) per byte: bytes go into the spare room of the newest chunk, and a new
 * chunk (at least {@link #CHUNK_BYTES}) is added when it is full, so every byte is copied once on the way
 * in, never again while the backlog grows (many small records, e.g. answers to TLS 1.3 KeyUpdates, cost
 * their own size, not the backlog's). The size is bounded by the connection's watermarks, which count
 * {@link #size()}: above the high mark the connection stops reading, so no more records are made.
 *
 * <p>Threads: loop thread only, except {@link #size()}.
 */
final class PendingOutput {

    /** the smallest chunk; small records share one */
    static final int CHUNK_BYTES = 8 * 1024;
    /** gathering writes take at most this many chunks */
    private static final int MAX_CHUNKS_PER_WRITE = 16;

    /**
     * the chunks, oldest first, each in read mode: position..limit is pending, limit..capacity is spare
     * room (only the last chunk's is used); null while empty
     */
    private ArrayDeque<ByteBuffer> chunks;
    /** scratch for gathering writes, left cleared; made with the first chunk */
    private ByteBuffer[] batch;
    /** bytes pending; written on the loop thread, read by the watermark check from any thread */
    private volatile long size;

    /** Copies the remaining bytes of {@code out} (read mode) after what is already pending. */
    void keep(ByteBuffer out) {
        int count = out.remaining();
        if (count == 0) {
            return;
        }
        if (chunks == null) {
            chunks = new ArrayDeque<>(4);
            if (batch == null) {
                batch = new ByteBuffer[MAX_CHUNKS_PER_WRITE];
            }
        }
        ByteBuffer last = chunks.peekLast();
        if (last != null && last.capacity() - last.limit() > 0) {
            int take = Math.min(count, last.capacity() - last.limit());
            int position = last.position();
            int limit = last.limit();
            last.limit(limit + take).position(limit);
            int outLimit = out.limit();
            out.limit(out.position() + take);
            last.put(out);
            out.limit(outLimit);
            last.position(position);
        }
        if (out.hasRemaining()) {
            ByteBuffer chunk = ByteBuffer.allocate(Math.max(CHUNK_BYTES, out.remaining()));
            chunk.put(out).flip();
            chunks.addLast(chunk);
        }
        size += count;
    }

    /** Writes what the socket takes, in gathering writes of up to 16 chunks; returns the byte count. */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (chunks == null) {
            return 0;
        }
        long total = 0;
        while (!chunks.isEmpty()) {
            int count = 0;
            long offered = 0;
            for (ByteBuffer chunk : chunks) {
                if (count == MAX_CHUNKS_PER_WRITE) {
                    break;
                }
                batch[count++] = chunk;
                offered += chunk.remaining();
            }
            long written;
            try {
                written = count == 1 ? channel.write(batch[0]) : channel.write(batch, 0, count);
            } finally {
                java.util.Arrays.fill(batch, 0, count, null);
            }
            while (!chunks.isEmpty() && !chunks.peekFirst().hasRemaining()) {
                chunks.pollFirst();
            }
            if (written > 0) {
                total += written;
            }
            if (written < offered) {
                break; // the socket is full
            }
        }
        size -= total;
        if (chunks.isEmpty()) {
            chunks = null;
        }
        return total;
    }

    boolean isEmpty() {
        return chunks == null;
    }

    /** Bytes pending. Safe from any thread (may lag the loop by a moment). */
    long size() {
        return size;
    }

    void clear() {
        chunks = null;
        size = 0;
    }
}
