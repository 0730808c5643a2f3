package dev.loopwire.transport.proxy;

/** Whether a server reads an HAProxy PROXY protocol header (v1 or v2) at the start of each connection. */
public enum ProxyProtocolMode {
    /** No header is read; bytes go straight to TLS or the decoder. */
    OFF,
    /** A header may come first; it sets the client address only when the peer is a trusted proxy. */
    OPTIONAL,
    /** Only trusted proxies may connect, and each connection must start with a header. */
    REQUIRED
}
