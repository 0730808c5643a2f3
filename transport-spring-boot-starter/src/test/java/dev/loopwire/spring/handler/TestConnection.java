package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.loop.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A connection that only answers its id and address, for invoking handlers without a server. */
final class TestConnection implements Connection {

    private final long id;
    private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 5555);
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

    TestConnection(long id) {
        this.id = id;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return address;
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void send(byte[] frame) {
    }

    @Override
    public void close() {
    }

    @Override
    public EventLoop eventLoop() {
        return null;
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "connection " + id;
    }
}
