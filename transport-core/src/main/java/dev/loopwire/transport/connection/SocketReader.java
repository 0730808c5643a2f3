package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of one {@link NioConnection}: on a read-ready event, reads into the loop's shared buffer at
 * most {@link #MAX_READS_PER_EVENT} times while reading is not suspended, passes each read to the transport
 * layer or straight to the {@link FrameReader}, hands the decoded frames on after each read, stops reading
 * when this read's replies pass the high watermark, and turns the peer's end of stream into the end of
 * input.
 *
 * <p>Owned by one {@link NioConnection}; every method is loop thread only. It holds no buffer of its own: the
 * loop's read buffer is borrowed for one call and a partial frame is copied out by the frame reader.
 */
final class SocketReader {

    /** logs under the connection's name, as the connection did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    /** reads per readiness event at most, so one busy peer cannot hold the loop */
    static final int MAX_READS_PER_EVENT = 4;

    private final NioConnection connection;
    private final EventLoop loop;
    private final SocketChannel channel;
    private final ConnectionSettings settings;
    private final ConnectionEvents events;
    /** turns incoming bytes into frames for the inbound handler */
    private final FrameReader frames;
    /** whether reading is suspended */
    private final ReadyInterest interest;
    /** the write side: its backlog stops reading above the high watermark */
    private final ConnectionFlusher flusher;
    /** told when the peer ends its input, so a later close does not linger */
    private final LingeringClose lingeringClose;

    /** Made by the connection's constructor; reads only when the loop reports the socket readable. Any thread. */
    SocketReader(NioConnection connection, EventLoop loop, SocketChannel channel, ConnectionSettings settings,
            ConnectionEvents events, FrameReader frames, ReadyInterest interest, ConnectionFlusher flusher,
            LingeringClose lingeringClose) {
        this.connection = connection;
        this.loop = loop;
        this.channel = channel;
        this.settings = settings;
        this.events = events;
        this.frames = frames;
        this.interest = interest;
        this.flusher = flusher;
        this.lingeringClose = lingeringClose;
    }

    /**
     * Reads what the socket has, up to {@link #MAX_READS_PER_EVENT} buffers, and decodes it; a read error
     * closes the connection at once. Loop thread only.
     */
    void readInLoop() {
        loop.assertInLoop();
        ByteBuffer buffer = loop.readBuffer();
        try {
            for (int reads = 0; reads < MAX_READS_PER_EVENT && interest.isReading(); reads++) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    inputEnded();
                    break;
                }
                if (n == 0) {
                    break;
                }
                events.bytesRead(n);
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
                frames.handOff(); // per read, so backpressure sees at most one buffer's worth late
                if (flusher.writeBacklog() > settings.highWatermark()) {
                    flusher.applyWatermarksInLoop(); // this read's replies passed the high mark: read no more until they drain
                }
                if (n < buffer.capacity()) {
                    break; // the socket had no more
                }
            }
        } catch (IOException e) {
            log.debug("Connection {} ({}): read failed, closing: {}", connection.id(), connection.remoteAddress(),
                    e.toString());
            events.connectionReset();
            connection.closeNowInLoop(CloseReason.PEER);
        }
    }

    /** The peer's end of stream: no frame follows; a partial frame is dropped. Loop thread only. */
    private void inputEnded() {
        lingeringClose.peerInputEndedInLoop();
        connection.noteCloseReason(CloseReason.PEER);
        TransportLayer transport = connection.transport();
        if (transport != null) {
            transport.onInputEnded();
        }
        frames.dropPartialFrame();
        connection.finishInputInLoop(CloseReason.PEER);
    }
}
