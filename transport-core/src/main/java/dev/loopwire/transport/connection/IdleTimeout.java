package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.Timeout;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has been idle too long: no complete frame in, no bytes out, and no work in
 * flight (single bytes of a frame that never completes do not count, so a peer dribbling a byte at a time
 * is closed too). A connection with a handler running or waiting to run, or a reply pending (an
 * asynchronous reply that has not completed), is not idle: when the timer finds such work, the idle clock
 * starts again from that moment, and the connection is closed only a full timeout after its work is done
 * and nothing else happened.
 *
 * <p>Activity is a plain field write on the hot path; one timer per connection fires at the earliest
 * possible expiry and, if there was activity since, re-arms itself for the remainder instead of being
 * rescheduled on every frame. Bytes a business thread wrote itself ({@link DirectWriter}) are read from the
 * connection when the timer fires. Owned by one {@link NioConnection}; loop thread only.
 */
final class IdleTimeout {

    private static final Logger log = LoggerFactory.getLogger(IdleTimeout.class);

    private final NioConnection connection;
    private final EventLoop loop;
    /** the limit; 0 when idle connections are never closed */
    private final long timeoutNanos;
    /** last time a frame came in or bytes went out (nanoTime) */
    private long lastActivityNanos;
    /** the pending check, or null */
    private Timeout timer;

    IdleTimeout(NioConnection connection, EventLoop loop, long timeoutNanos) {
        this.connection = connection;
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts counting from now; arms the timer when a timeout is set. */
    void start() {
        lastActivityNanos = System.nanoTime();
        if (timeoutNanos > 0) {
            arm(timeoutNanos);
        }
    }

    /** Records activity at the loop's current iteration time. */
    void activity() {
        lastActivityNanos = loop.iterationStartNanos();
    }

    /** Stops the timer (the connection closed). */
    void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void arm(long delayNanos) {
        timer = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (connection.isClosed()) {
            return;
        }
        long now = System.nanoTime();
        if (connection.hasWorkInFlight()) {
            lastActivityNanos = now; // not idle: a handler runs or a reply is pending
            arm(timeoutNanos);
            return;
        }
        long directWrite = connection.lastDirectWriteNanos(); // bytes a business thread wrote count too
        if (directWrite != 0 && directWrite - lastActivityNanos > 0) {
            lastActivityNanos = directWrite;
        }
        long idleFor = now - lastActivityNanos;
        if (idleFor >= timeoutNanos) {
            log.debug("Connection {} ({}): idle for {} ms, closing", connection.id(), connection.remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(idleFor));
            connection.closeNowInLoop(CloseReason.IDLE);
        } else {
            arm(timeoutNanos - idleFor);
        }
    }
}
