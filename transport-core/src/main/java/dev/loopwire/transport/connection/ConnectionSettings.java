package dev.loopwire.transport.connection;

import java.time.Duration;

/**
 * Per-connection limits, shared by every connection of a server or client.
 *
 * @param lowWatermark  queued outbound bytes under which a connection paused by its backlog reads again
 * @param highWatermark queued outbound bytes above which a connection stops reading until it drains
 * @param idleTimeout   close a connection after this long without a complete frame in, a write out, or
 *                      work in flight (a handler running or a reply pending); {@link Duration#ZERO}
 *                      disables it
 * @param lingerTimeout how long a closing connection whose replies are all written (output shut down)
 *                      keeps reading and discarding the peer's input while it waits for its EOF, so
 *                      unread input does not make the kernel reset the connection and destroy replies
 *                      the peer has not read yet; {@link Duration#ZERO} closes at once (at most
 *                      {@link #MAX_LINGER_TIMEOUT})
 * @param directWrite   a business thread that queued replies for a plaintext connection may write them to the
 *                      socket itself (one non-blocking attempt, when nobody else writes and nothing waits ahead)
 *                      instead of handing them to the loop; only connections whose replies are made off the loop
 *                      ({@code pool} and {@code virtual} dispatch) use it; TLS always writes on the loop
 */
public record ConnectionSettings(int lowWatermark, int highWatermark, Duration idleTimeout, Duration lingerTimeout,
        boolean directWrite) {

    /** The default linger timeout: long enough for a peer to read its last replies and close. */
    public static final Duration DEFAULT_LINGER_TIMEOUT = Duration.ofSeconds(2);
    /** The longest linger timeout accepted: lingering holds a connection slot and a socket. */
    public static final Duration MAX_LINGER_TIMEOUT = Duration.ofMinutes(1);

    /** Watermarks 32 KiB / 64 KiB, no idle timeout, a 2 s linger timeout, direct writes on. */
    public static final ConnectionSettings DEFAULTS = new ConnectionSettings(32 * 1024, 64 * 1024, Duration.ZERO);

    public ConnectionSettings {
        if (lowWatermark < 0 || highWatermark < 1 || lowWatermark > highWatermark) {
            throw new IllegalArgumentException("write watermarks need 0 <= low <= high and high >= 1, were low="
                    + lowWatermark + " high=" + highWatermark);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero (off) or positive, was " + idleTimeout);
        }
        if (lingerTimeout == null || lingerTimeout.isNegative() || lingerTimeout.compareTo(MAX_LINGER_TIMEOUT) > 0) {
            throw new IllegalArgumentException("lingerTimeout must be between zero (close at once) and "
                    + MAX_LINGER_TIMEOUT + ", was " + lingerTimeout);
        }
    }

    /** Limits with the {@linkplain #DEFAULT_LINGER_TIMEOUT default linger timeout} and direct writes on. */
    public ConnectionSettings(int lowWatermark, int highWatermark, Duration idleTimeout) {
        this(lowWatermark, highWatermark, idleTimeout, DEFAULT_LINGER_TIMEOUT);
    }

    /** Limits with direct writes on. */
    public ConnectionSettings(int lowWatermark, int highWatermark, Duration idleTimeout, Duration lingerTimeout) {
        this(lowWatermark, highWatermark, idleTimeout, lingerTimeout, true);
    }
}
