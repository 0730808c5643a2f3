package dev.loopwire.transport.connection;

import dev.loopwire.transport.Frame;
import dev.loopwire.transport.buffer.ConnectionBuffers;
import dev.loopwire.transport.buffer.PooledBuffer;
import dev.loopwire.transport.codec.BufferFrameSink;
import dev.loopwire.transport.codec.FrameDecoder;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.FrameSink;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one connection's incoming bytes into frames for its {@link InboundHandler}: runs the decoder over
 * what arrived, keeps the carry-over buffer of a partial frame (only while one is pending), hands the
 * frames of each read over as one batch, and reports rejected input in its place among the frames.
 *
 * <p>When the inbound handler takes frames as buffers ({@link InboundHandler#frameBuffers()} is not null),
 * the decoder is given a {@link BufferFrameSink}: frames reach the handler as one reused {@link Frame}, over
 * the read buffer or a pooled buffer, which goes back to the pool after the call unless the handler retained
 * it.
 *
 * <p>Owned by one {@link NioConnection}; loop thread only.
 */
final class FrameReader implements FrameSink {

    private static final Logger log = LoggerFactory.getLogger(FrameReader.class);

    private final NioConnection connection;
    private final FrameDecoder decoder;
    private final ConnectionEvents events;
    private final InboundHandler inbound;
    /** what the decoder delivers to: this, or a {@link BufferSink} when the handler takes buffers */
    private final FrameSink sink;
    /** the reused frame handed to a buffer handler, or null */
    private final InboundFrame frame;
    /** bytes of a partial frame carried over between reads, or null */
    private ByteBuffer cumulation;
    /** frames decoded and not yet handed off as a batch */
    private int pendingFrames;
    /**
     * the input broke the framing beyond repair: nothing is decoded any more, whichever layer (plaintext
     * read, TLS record, PROXY header reader) hands bytes over later
     */
    private boolean finished;

    FrameReader(NioConnection connection, FrameDecoder decoder, ConnectionEvents events, InboundHandler inbound) {
        this.connection = connection;
        this.decoder = decoder;
        this.events = events;
        this.inbound = inbound;
        ConnectionBuffers buffers = inbound.frameBuffers();
        this.frame = buffers == null ? null : new InboundFrame(buffers);
        this.sink = buffers == null ? this : new BufferSink(buffers);
    }

    /**
     * Decodes {@code fresh} (read mode, consumed entirely: a partial frame is copied aside) after any
     * carried-over bytes.
     *
     * <p>After a fatal framing error the reader is finished for good: this call, and every later one,
     * consumes what it is given without decoding it, so no frame after the bad one reaches a handler.
     *
     * @return false when the input broke the framing beyond repair (now or earlier): the connection must
     *         stop reading
     */
    boolean decode(ByteBuffer fresh) {
        if (finished) {
            fresh.position(fresh.limit());
            return false;
        }
        ByteBuffer in = fresh;
        if (cumulation != null) {
            cumulation = Cumulation.append(cumulation, fresh, decoder.maxFrameBytes());
            cumulation.flip();
            in = cumulation;
        }
        boolean intact = true;
        while (in.hasRemaining()) {
            try {
                decoder.decode(in, sink);
                break;
            } catch (FrameDecodingException e) {
                events.frameRejected(e.error());
                handOff(); // frames before the bad one go first, so replies keep their order
                inbound.onBadFrame(e);
                if (!e.recoverable()) {
                    log.warn("Connection {} ({}): {} frame, closing: {}", connection.id(), connection.remoteAddress(),
                            e.error().tag(), e.getMessage());
                    in.position(in.limit());
                    finished = true;
                    intact = false;
                    break;
                }
                log.debug("Connection {} ({}): {} frame skipped: {}", connection.id(), connection.remoteAddress(),
                        e.error().tag(), e.getMessage());
            }
        }
        if (finished) {
            cumulation = null; // nothing after the bad frame will ever be decoded
            decoder.releaseBuffers();
            return false;
        }
        keepPartialFrame(in);
        return intact;
    }

    private void keepPartialFrame(ByteBuffer in) {
        if (in == cumulation) {
            if (in.hasRemaining()) {
                cumulation.compact();
            } else {
                cumulation = null;
            }
        } else if (in.hasRemaining()) {
            cumulation = Cumulation.keep(in, decoder.maxFrameBytes());
        }
    }

    @Override
    public void onFrame(byte[] frame) {
        pendingFrames++;
        inbound.onFrame(frame);
    }

    /** Hands the reused frame to the handler and ends it after the call (an unretained pooled buffer goes back). */
    private void deliver(InboundFrame current) {
        pendingFrames++;
        try {
            inbound.onFrame(current);
        } finally {
            current.end();
        }
    }

    /** The decoder's sink when the handler takes buffers. */
    private final class BufferSink implements BufferFrameSink {

        private final ConnectionBuffers buffers;

        BufferSink(ConnectionBuffers buffers) {
            this.buffers = buffers;
        }

        @Override
        public void onFrame(byte[] bytes) {
            deliver(frame.ofArray(bytes));
        }

        @Override
        public void onFrame(ByteBuffer in, int offset, int length) {
            deliver(frame.ofView(in, offset, length));
        }

        @Override
        public void onFrame(PooledBuffer pooled) {
            deliver(frame.ofPooled(pooled));
        }

        @Override
        public PooledBuffer tryAcquire(int capacity) {
            return buffers.tryAcquireInLoop(capacity);
        }
    }

    /**
     * Tells the inbound handler that the frames decoded so far form a batch.
     *
     * @return true if there were any
     */
    boolean handOff() {
        if (pendingFrames == 0) {
            return false;
        }
        events.framesReceived(pendingFrames);
        pendingFrames = 0;
        connection.frameActivity();
        inbound.onReadComplete();
        return true;
    }

    /** Drops the partial frame the peer will never finish (input ended), counting it. */
    void dropPartialFrame() {
        if (finished) {
            return; // nothing after the fatal error was kept: it was discarded, not a partial frame
        }
        int pending = (cumulation == null ? 0 : cumulation.position()) + decoder.bufferedBytes();
        if (pending > 0) {
            log.debug("Connection {} ({}): input ended with {} bytes of a partial frame pending", connection.id(),
                    connection.remoteAddress(), pending);
            events.partialFrameDropped(pending);
            cumulation = null;
        }
        decoder.releaseBuffers();
    }

    /** True once a fatal framing error ended decoding for good. */
    boolean isFinished() {
        return finished;
    }

    /** Releases the carry-over buffer (the connection closed). */
    void release() {
        cumulation = null;
        decoder.releaseBuffers();
    }
}
