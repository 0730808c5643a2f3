package dev.loopwire.transport.connection;

import java.time.Duration;

/**
 * Per-connection limits, shared by every connection of a server or client.
 *
 * @param lowWatermark  queued outbound bytes under which a connection paused by its backlog reads again
 * @param highWatermark queued outbound bytes above which a connection stops reading until it drains
 * @param idleTimeout   close a connection after this long without a complete frame in or a write out;
 *                      {@link Duration#ZERO} disables it
 */
public record ConnectionSettings(int lowWatermark, int highWatermark, Duration idleTimeout) {

    /** Watermarks 32 KiB / 64 KiB, no idle timeout. */
    public static final ConnectionSettings DEFAULTS = new ConnectionSettings(32 * 1024, 64 * 1024, Duration.ZERO);

    public ConnectionSettings {
        if (lowWatermark < 0 || highWatermark < 1 || lowWatermark > highWatermark) {
            throw new IllegalArgumentException("write watermarks need 0 <= low <= high and high >= 1, were low="
                    + lowWatermark + " high=" + highWatermark);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero (off) or positive, was " + idleTimeout);
        }
    }
}
