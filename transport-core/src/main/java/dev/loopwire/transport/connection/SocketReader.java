package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of a {@link NioConnection}: on a read-ready event, reads into the loop's shared buffer at
 * most {@link #MAX_READS_PER_EVENT} times while reading is not suspended, passes each read to the transport
 * layer or straight to the {@link FrameReader}, hands the decoded frames on after each read, stops reading
 * when this read's replies pass the high watermark, and turns the peer's end of stream into the end of
 * input.
 *
 * <p>Stateless (so a connection pays no heap for it): everything it touches belongs to the connection, whose
 * loop thread is the only caller. It holds no buffer of its own: the loop's read buffer is borrowed for one
 * call and a partial frame is copied out by the frame reader.
 */
final class SocketReader {

    /** logs under the connection's name, as the connection did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    /** reads per readiness event at most, so one busy peer cannot hold the loop */
    static final int MAX_READS_PER_EVENT = 4;

    private SocketReader() {
    }

    /**
     * Reads what {@code connection}'s socket has, up to {@link #MAX_READS_PER_EVENT} buffers, and decodes it;
     * a read error closes the connection at once. Loop thread only.
     */
    static void readInLoop(NioConnection connection) {
        EventLoop loop = connection.loop;
        loop.assertInLoop();
        ByteBuffer buffer = loop.scratch().readBuffer();
        try {
            for (int reads = 0; reads < MAX_READS_PER_EVENT && connection.interest.isReading(); reads++) {
                buffer.clear();
                int n = connection.channel.read(buffer);
                if (n < 0) {
                    inputEnded(connection);
                    break;
                }
                if (n == 0) {
                    break;
                }
                connection.events.bytesRead(n);
                buffer.flip();
                TransportLayer transport = connection.transport();
                if (transport == null) {
                    connection.decodeInboundInLoop(buffer);
                } else {
                    transport.onNetworkBytes(buffer);
                    if (connection.isClosed()) {
                        break;
                    }
                }
                connection.reader.handOff(); // per read, so backpressure sees at most one buffer's worth late
                ConnectionFlusher flusher = connection.flusher;
                if (flusher.writeBacklog() > connection.settings.highWatermark()) {
                    // this read's replies passed the high mark: read no more until they drain
                    flusher.applyWatermarksInLoop();
                }
                if (n < buffer.capacity()) {
                    break; // the socket had no more
                }
            }
        } catch (IOException e) {
            log.debug("Connection {} ({}): read failed, closing: {}", connection.id(), connection.remoteAddress(),
                    e.toString());
            connection.events.connectionReset();
            connection.closeNowInLoop(CloseReason.PEER);
        }
    }

    /** The peer's end of stream: no frame follows; a partial frame is dropped. Loop thread only. */
    private static void inputEnded(NioConnection connection) {
        LingeringClose.peerInputEndedInLoop(connection);
        connection.noteCloseReason(CloseReason.PEER);
        TransportLayer transport = connection.transport();
        if (transport != null) {
            transport.onInputEnded();
        }
        connection.reader.dropPartialFrame();
        connection.finishInputInLoop(CloseReason.PEER);
    }
}
