package dev.loopwire.transport.server;

/**
 * TCP options applied to each accepted (or connected) socket. Buffer sizes of 0 leave the kernel's
 * default (and its auto-tuning) in place.
 *
 * @param tcpNoDelay         disable Nagle's algorithm (default true: replies leave at once)
 * @param keepAlive          TCP keep-alive probes (default false)
 * @param receiveBufferSize  SO_RCVBUF in bytes, 0 = kernel default
 * @param sendBufferSize     SO_SNDBUF in bytes, 0 = kernel default
 */
public record SocketOptions(boolean tcpNoDelay, boolean keepAlive, int receiveBufferSize, int sendBufferSize) {

    /** TCP_NODELAY on, keep-alive off, kernel buffer sizes. */
    public static final SocketOptions DEFAULTS = new SocketOptions(true, false, 0, 0);

    public SocketOptions {
        if (receiveBufferSize < 0 || sendBufferSize < 0) {
            throw new IllegalArgumentException("socket buffer sizes must be 0 (kernel default) or positive");
        }
    }
}
