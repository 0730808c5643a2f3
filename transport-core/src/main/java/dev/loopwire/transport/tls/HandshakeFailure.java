package dev.loopwire.transport.tls;

/**
 * Why a TLS handshake failed, or why a TLS connection was closed for what its peer sent after the handshake
 * (renegotiation, a flood of post-handshake messages); {@link #tag()} is the metrics tag.
 */
public enum HandshakeFailure {
    /** The handshake did not finish within the handshake timeout. */
    TIMEOUT("timeout"),
    /** The peer did not speak TLS (e.g. a plaintext client on a TLS port). */
    NOT_TLS("not-tls"),
    /** A certificate was missing, expired or not trusted. */
    CERTIFICATE("certificate"),
    /** No common protocol version or cipher suite. */
    PROTOCOL("protocol"),
    /** The peer closed the connection during the handshake. */
    PEER_CLOSED("peer-closed"),
    /** The peer tried to renegotiate after the handshake (refused). */
    RENEGOTIATION("renegotiation"),
    /**
     * After the handshake, the peer sent more non-application records (TLS 1.3 KeyUpdates, empty records,
     * alerts, anything the engine handles or answers itself) than {@link TlsConfig#postHandshakeMessages()}
     * allows: closed, as a flood.
     */
    POST_HANDSHAKE_LIMIT("post-handshake-limit"),
    /** Anything else. */
    OTHER("other");

    private final String tag;

    HandshakeFailure(String tag) {
        this.tag = tag;
    }

    /** The lower-case tag used in logs and metrics. */
    public String tag() {
        return tag;
    }
}
