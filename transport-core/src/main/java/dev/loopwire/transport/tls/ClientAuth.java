package dev.loopwire.transport.tls;

/** Whether a TLS server asks its clients for a certificate. */
public enum ClientAuth {
    /** Never ask. */
    NONE,
    /** Ask; a client without a certificate is still accepted (one it sends must be trusted). */
    WANT,
    /** Ask and refuse the handshake without a trusted client certificate. */
    NEED
}
