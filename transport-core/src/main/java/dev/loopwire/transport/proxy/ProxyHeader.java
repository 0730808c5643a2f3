package dev.loopwire.transport.proxy;

import java.net.InetSocketAddress;

/**
 * A decoded PROXY protocol header.
 *
 * @param source      the client address the proxy reports, or null (LOCAL command, UNKNOWN or
 *                    unsupported family): the connection keeps the real peer address
 * @param destination the address the client connected to on the proxy, or null
 * @param version     1 or 2
 * @param length      the header's length in bytes
 */
public record ProxyHeader(InetSocketAddress source, InetSocketAddress destination, int version, int length) {
}
