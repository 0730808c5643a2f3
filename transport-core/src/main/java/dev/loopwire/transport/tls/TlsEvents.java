package dev.loopwire.transport.tls;

/**
 * Handshake outcomes, for statistics. Called on the connection's loop thread; implementations must be
 * cheap and must not block.
 */
public interface TlsEvents {

    /** A handshake finished after {@code nanos}. */
    void handshakeSucceeded(long nanos);

    /** A handshake failed, or a renegotiation was refused. */
    void handshakeFailed(HandshakeFailure reason);

    /** Events that go nowhere (the client side). */
    TlsEvents NONE = new TlsEvents() {
        @Override
        public void handshakeSucceeded(long nanos) {
        }

        @Override
        public void handshakeFailed(HandshakeFailure reason) {
        }
    };
}
