package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.Timeout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a graceful close, as nginx does it: once a requested close finds every reply written, shuts down
 * the output and, unless the peer has already ended its input, lingers: reads and discards what the peer
 * still sends until its EOF or the linger timeout ({@link ConnectionSettings#lingerTimeout()}), and only then
 * closes the socket. Closing a socket with unread input would make the kernel send a reset, which discards
 * the replies the peer has not read yet. With the linger timeout at zero, or after the peer's EOF, it closes
 * at once.
 *
 * <p>Owned by one {@link NioConnection}; every method is loop thread only, and so are its fields.
 */
final class LingeringClose {

    /** logs under the connection's name, as the connection did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    private final NioConnection connection;
    private final EventLoop loop;
    private final SocketChannel channel;
    private final ConnectionSettings settings;
    private final ConnectionEvents events;
    /** the selection key: OP_READ only while lingering */
    private final ReadyInterest interest;
    /** cancelled when lingering starts: the linger timer bounds what is left */
    private final IdleTimeout idleTimeout;
    /** the peer ended its input (end of stream read) */
    private boolean peerInputEnded;
    /** output is shut down; reading and discarding until the peer's EOF */
    private boolean lingering;
    /** ends a lingering close that waits too long for the peer's EOF, or null */
    private Timeout lingerTimer;

    /** Made by the connection's constructor; lingers only once {@link #closeWrittenInLoop()} runs. Any thread. */
    LingeringClose(NioConnection connection, EventLoop loop, SocketChannel channel, ConnectionSettings settings,
            ConnectionEvents events, ReadyInterest interest, IdleTimeout idleTimeout) {
        this.connection = connection;
        this.loop = loop;
        this.channel = channel;
        this.settings = settings;
        this.events = events;
        this.interest = interest;
        this.idleTimeout = idleTimeout;
    }

    /** Records that the peer ended its input: a later close does not linger. Loop thread only. */
    void peerInputEndedInLoop() {
        loop.assertInLoop();
        peerInputEnded = true;
    }

    /** True while output is shut down and input is discarded until the peer's EOF. Loop thread only. */
    boolean isLingering() {
        loop.assertInLoop();
        return lingering;
    }

    /**
     * Everything queued is written and a close was requested: closes at once when the peer has already ended
     * its input (or lingering is off), otherwise shuts down output and lingers. The caller has retired direct
     * writes. Loop thread only.
     */
    void closeWrittenInLoop() {
        loop.assertInLoop();
        long lingerNanos = settings.lingerTimeout().toNanos();
        if (peerInputEnded || lingerNanos == 0) {
            connection.closeNowInLoop(CloseReason.LOCAL);
            return;
        }
        try {
            channel.shutdownOutput(); // the peer reads every reply, then EOF
        } catch (IOException e) {
            log.debug("Connection {} ({}): shutting down output failed, closing: {}", connection.id(),
                    connection.remoteAddress(), e.toString());
            connection.closeNowInLoop(CloseReason.PEER);
            return;
        }
        lingering = true;
        events.lingeringCloseStarted();
        idleTimeout.cancel(); // the linger timer bounds what is left
        interest.linger();
        lingerTimer = loop.schedule(this::lingerExpired, lingerNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Lingering: reads and discards what the peer still sends, at most {@link SocketReader#MAX_READS_PER_EVENT}
     * reads of the loop's shared buffer per event, and closes at the peer's EOF. Loop thread only.
     */
    void discardInputInLoop() {
        loop.assertInLoop();
        ByteBuffer buffer = loop.readBuffer();
        try {
            for (int reads = 0; reads < SocketReader.MAX_READS_PER_EVENT; reads++) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    connection.closeNowInLoop(CloseReason.LOCAL); // the peer read everything and closed: a clean close
                    return;
                }
                if (n == 0) {
                    return;
                }
                events.lingerBytesDiscarded(n);
                if (n < buffer.capacity()) {
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("Connection {} ({}): read while lingering failed, closing: {}", connection.id(),
                    connection.remoteAddress(), e.toString());
            connection.closeNowInLoop(CloseReason.LOCAL);
        }
    }

    /** The linger timer fired: the peer sent no EOF in time. Loop thread only (a loop timer). */
    private void lingerExpired() {
        lingerTimer = null;
        if (connection.isClosed()) {
            return;
        }
        log.debug("Connection {} ({}): no EOF from the peer within the linger timeout of {}; closing", connection.id(),
                connection.remoteAddress(), settings.lingerTimeout());
        events.lingerTimedOut();
        connection.closeNowInLoop(CloseReason.LOCAL);
    }

    /** Stops the linger timer, if any (the connection closes). Loop thread only. */
    void cancelInLoop() {
        loop.assertInLoop();
        if (lingerTimer != null) {
            lingerTimer.cancel();
            lingerTimer = null;
        }
    }
}
