package dev.loopwire.transport.proxy;

/** PROXY protocol outcomes, for statistics. Cheap and non-blocking; called on loop or acceptor threads. */
public interface ProxyProtocolEvents {

    /** A trusted proxy's header set a connection's client address. */
    void proxyHeaderAccepted();

    /** A header (or a connection) was refused or ignored for {@code reason}. */
    void proxyHeaderRejected(ProxyRejection reason);
}
