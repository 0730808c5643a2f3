package dev.loopwire.transport.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A stage between a {@link NioConnection}'s socket and its frame decoder: TLS, or the PROXY protocol
 * header reader. The connection stays the owner of the socket; a layer sees network bytes after each
 * read and is handed the channel only to write while the connection flushes.
 *
 * <p>Plaintext has no layer at all: a connection without one decodes straight from the loop's read
 * buffer and writes its queue with gathering writes, exactly as it always did (no extra call, copy
 * or allocation). A layer may remove itself with {@link NioConnection#replaceTransportLayerInLoop}.
 *
 * <p>Threads: every method is called on the connection's loop thread only.
 */
public interface TransportLayer {

    /** The connection is registered on its loop: start timers, begin a handshake. */
    void start();

    /**
     * Bytes read from the socket, in read mode. The buffer may be the loop's shared read buffer: consume
     * it or copy what is left, never keep it. Plaintext goes on with {@link NioConnection#decodeInboundInLoop}.
     */
    void onNetworkBytes(ByteBuffer network);

    /**
     * Writes what the layer has pending and what it can take from {@code queue}.
     *
     * @param closing the connection wants to close once everything queued is written
     * @return bytes written to the socket
     * @throws IOException when the write fails
     */
    long flush(PlaintextQueue queue, GatheringByteChannel channel, ByteBuffer[] scratch, int maxWrites,
            boolean closing) throws IOException;

    /**
     * True when the layer holds network bytes the socket did not take (or hit the write cap with more
     * to write): the connection then waits for OP_WRITE. False while it merely waits for the peer (a
     * handshake in progress), so the loop never spins on a writable socket.
     */
    boolean wantsWritable(PlaintextQueue queue);

    /**
     * Network bytes the layer holds that the socket did not take yet (TLS records, handshake answers). They
     * count toward the connection's write watermarks with the queued plaintext, so a peer that makes the
     * layer answer without reading the answers is paused like one that does not read its replies. Called
     * on the loop thread, and from any thread by {@link NioConnection#isWritable()}: the value may lag.
     */
    default long pendingNetworkBytes() {
        return 0;
    }

    /** True when the layer holds nothing to write and {@code queue} is empty (the close may proceed). */
    boolean isDrained(PlaintextQueue queue, boolean closing);

    /** The peer closed its output (socket end of stream). */
    void onInputEnded();

    /** The connection closed: cancel timers, drop buffers. */
    void onClosed();

    /** What the connection's outbound queue offers a layer. Loop thread only. */
    interface PlaintextQueue {

        /** Writes the queued frames as they are (no layer transformation); see {@link OutboundQueue}. */
        long writeTo(GatheringByteChannel channel, ByteBuffer[] scratch, int maxAttempts) throws IOException;

        /** Puts up to {@code scratch.length} oldest queued buffers into {@code scratch}; returns the count. */
        int peek(ByteBuffer[] scratch);

        /** The peeked buffers' positions moved by {@code bytes} in all: drop the spent ones, count them out. */
        void consumed(long bytes);

        /** True when nothing is queued. */
        boolean isEmpty();
    }
}
