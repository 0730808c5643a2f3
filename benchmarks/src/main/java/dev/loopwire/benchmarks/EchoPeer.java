package dev.loopwire.benchmarks;

/**
 * An echo server under test: every frame it receives is sent back unchanged, framed the same
 * way, in arrival order per connection.
 *
 * <p>Lifecycle: create, {@link #start} once, run load against the returned port, {@link #close}.
 * An instance is started at most once; the runner creates a fresh one per scenario through
 * {@link EchoPeers}.
 *
 * <p>To add a peer (e.g. a Loopwire server), implement this interface and register a factory in
 * {@link EchoPeers#defaults()} (or pass it to {@link EchoPeers#register}).
 */
public interface EchoPeer extends AutoCloseable {

    /** Stable short name used in tables and charts, e.g. {@code netty-inloop}. */
    String name();

    /**
     * Starts listening on 127.0.0.1 with an ephemeral port and returns once connections are
     * accepted.
     *
     * @param framing        how frames are delimited (the peer must echo with the same framing)
     * @param maxFrameLength largest frame (payload plus header/delimiter) the peer must accept
     * @return the bound port
     * @throws Exception if the server cannot be started
     */
    int start(BenchFraming framing, int maxFrameLength) throws Exception;

    /** Whether {@link #start(BenchFraming, int, BenchTls)} can serve TLS. */
    default boolean supportsTls() {
        return false;
    }

    /**
     * Starts serving TLS with {@code tls}'s server certificate (JDK provider), or plaintext when null.
     *
     * @throws UnsupportedOperationException if {@code tls} is set and the peer cannot serve TLS
     */
    default int start(BenchFraming framing, int maxFrameLength, BenchTls tls) throws Exception {
        if (tls != null) {
            throw new UnsupportedOperationException(name() + " cannot serve TLS in this benchmark");
        }
        return start(framing, maxFrameLength);
    }

    /** Stops the server, closes its connections and releases its threads. Idempotent. */
    @Override
    void close();

    /** Frames the peer has handled so far, or -1 when it does not count them (for per-frame allocation). */
    default long framesHandled() {
        return -1;
    }
}
