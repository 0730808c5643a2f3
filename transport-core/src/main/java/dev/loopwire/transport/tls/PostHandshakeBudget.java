package dev.loopwire.transport.tls;

/**
 * How many non-application records a TLS peer may still send after the handshake: a token bucket of
 * {@code messages} tokens that refills at {@code messages} per {@code window}. Every such record (a TLS 1.3
 * KeyUpdate, which the engine answers when the peer asks, an empty record, an alert) takes one token; a
 * record that finds the bucket empty is one too many. Application data never takes a token, and the
 * server's own session tickets are outbound, so normal clients (many requests, long-lived) never come
 * near it: a JDK or OpenSSL client updates its keys once per many gigabytes.
 *
 * <p>Holds only two numbers per connection; reads the clock only when charged. Loop thread only.
 */
final class PostHandshakeBudget {

    private final double capacity;
    /** tokens added per nanosecond */
    private final double refillPerNano;
    private double tokens;
    private long lastNanos;

    PostHandshakeBudget(int messages, long windowNanos, long nowNanos) {
        this.capacity = messages;
        this.refillPerNano = messages / (double) windowNanos;
        this.tokens = messages;
        this.lastNanos = nowNanos;
    }

    /** Takes one token at {@code nowNanos}; false when none was left (the peer is past its budget). */
    boolean tryCharge(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            lastNanos = nowNanos;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
