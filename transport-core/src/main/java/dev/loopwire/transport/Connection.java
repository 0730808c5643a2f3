package dev.loopwire.transport;

import dev.loopwire.transport.loop.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * One TCP connection, as handlers see it.
 *
 * <p>A connection belongs to one {@link EventLoop} for its whole life; all its socket I/O happens on
 * that loop's thread. Every method here is safe from any thread.
 */
public interface Connection {

    /** A number unique within this JVM, for logs and correlation. */
    long id();

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** The local address the connection was accepted on (or connected from). */
    InetSocketAddress localAddress();

    /** False once the connection is closed, or a close has been requested. */
    boolean isOpen();

    /**
     * True while the bytes queued for this connection stay below the high write watermark. A handler
     * that produces unsolicited output should hold back while this is false.
     */
    boolean isWritable();

    /**
     * Encodes {@code frame} with the connection's framing and queues it for writing. Frames sent from
     * one thread leave in the order they were sent. This bypasses request/reply ordering: use it for
     * unsolicited output (pushes, notifications); replies to requests should be returned from the
     * {@link FrameHandler}. Does nothing once the connection is closed.
     *
     * <p>A large frame (4 KiB or more) is written from this array rather than copied, so the array must
     * not be changed after the call. The same holds for payloads returned in a {@link Reply}.
     */
    void send(byte[] frame);

    /**
     * Closes the connection gracefully: what is already queued for writing is flushed first, then output
     * is shut down and the socket closes at the peer's EOF or the linger timeout (so unread input cannot
     * reset away replies the peer has not read). Frames not yet handled are dropped. Idempotent.
     */
    void close();

    /** The loop that owns this connection. */
    EventLoop eventLoop();

    /**
     * User attributes of this connection (session state, authentication, ...), created on first use.
     * Thread-safe.
     */
    ConcurrentMap<String, Object> attributes();

    /**
     * The attribute under {@code key}, or null. Safe from any thread.
     *
     * @throws ClassCastException if the string map holds a value of another type under the key's name
     */
    default <T> T attr(AttributeKey<T> key) {
        return key.cast(attributes().get(key.name()));
    }

    /** Sets the attribute under {@code key}; {@code null} removes it. Safe from any thread. */
    default <T> void setAttr(AttributeKey<T> key, T value) {
        if (value == null) {
            attributes().remove(key.name());
        } else {
            attributes().put(key.name(), key.cast(value));
        }
    }

    /** Removes the attribute under {@code key} and returns what it held, or null. Safe from any thread. */
    default <T> T removeAttr(AttributeKey<T> key) {
        return key.cast(attributes().remove(key.name()));
    }

    /**
     * The attribute under {@code key}, created with {@code factory} (atomically) when absent. Safe from any
     * thread.
     */
    default <T> T attrIfAbsent(AttributeKey<T> key, Function<? super Connection, ? extends T> factory) {
        return key.cast(attributes().computeIfAbsent(key.name(), name -> key.cast(factory.apply(this))));
    }

    /**
     * Why the connection closed, once it is closing or closed; null while open. Safe from any thread.
     */
    default CloseReason closeReason() {
        return null;
    }
}
