package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * <p>Stateless, so a connection pays no heap for it: its three state fields (whether the peer ended its input,
 * whether it lingers, the linger timer) are the connection's, written only here and by nothing else. Every
 * method is loop thread only, called with the connection it works on.
 */
final class LingeringClose {

    /** logs under the connection's name, as the connection did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    private LingeringClose() {
    }

    /** Records that the peer ended its input: a later close does not linger. Loop thread only. */
    static void peerInputEndedInLoop(NioConnection connection) {
        connection.loop.assertInLoop();
        connection.peerInputEnded = true;
    }

    /** True while output is shut down and input is discarded until the peer's EOF. Loop thread only. */
    static boolean isLingering(NioConnection connection) {
        connection.loop.assertInLoop();
        return connection.lingering;
    }

    /**
     * Everything queued is written and a close was requested: closes at once when the peer has already ended
     * its input (or lingering is off), otherwise shuts down output and lingers. The caller has retired direct
     * writes. Loop thread only.
     */
    static void closeWrittenInLoop(NioConnection connection) {
        connection.loop.assertInLoop();
        long lingerNanos = connection.settings.lingerTimeout().toNanos();
        if (connection.peerInputEnded || lingerNanos == 0) {
            connection.closeNowInLoop(CloseReason.LOCAL);
            return;
        }
        try {
            connection.channel.shutdownOutput(); // the peer reads every reply, then EOF
        } catch (IOException e) {
            log.debug("Connection {} ({}): shutting down output failed, closing: {}", connection.id(),
                    connection.remoteAddress(), e.toString());
            connection.closeNowInLoop(CloseReason.PEER);
            return;
        }
        connection.lingering = true;
        connection.events.lingeringCloseStarted();
        connection.idleTimeout.cancel(); // the linger timer bounds what is left
        connection.interest.linger();
        connection.lingerTimer = connection.loop.schedule(() -> lingerExpired(connection), lingerNanos,
                TimeUnit.NANOSECONDS);
    }

    /**
     * Lingering: reads and discards what the peer still sends, at most {@link SocketReader#MAX_READS_PER_EVENT}
     * reads of the loop's shared buffer per event, and closes at the peer's EOF. Loop thread only.
     */
    static void discardInputInLoop(NioConnection connection) {
        connection.loop.assertInLoop();
        ByteBuffer buffer = connection.loop.scratch().readBuffer();
        try {
            for (int reads = 0; reads < SocketReader.MAX_READS_PER_EVENT; reads++) {
                buffer.clear();
                int n = connection.channel.read(buffer);
                if (n < 0) {
                    connection.closeNowInLoop(CloseReason.LOCAL); // the peer read everything and closed: a clean close
                    return;
                }
                if (n == 0) {
                    return;
                }
                connection.events.lingerBytesDiscarded(n);
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
    private static void lingerExpired(NioConnection connection) {
        connection.lingerTimer = null;
        if (connection.isClosed()) {
            return;
        }
        log.debug("Connection {} ({}): no EOF from the peer within the linger timeout of {}; closing", connection.id(),
                connection.remoteAddress(), connection.settings.lingerTimeout());
        connection.events.lingerTimedOut();
        connection.closeNowInLoop(CloseReason.LOCAL);
    }

    /** Stops the linger timer, if any (the connection closes). Loop thread only. */
    static void cancelInLoop(NioConnection connection) {
        connection.loop.assertInLoop();
        if (connection.lingerTimer != null) {
            connection.lingerTimer.cancel();
            connection.lingerTimer = null;
        }
    }
}
