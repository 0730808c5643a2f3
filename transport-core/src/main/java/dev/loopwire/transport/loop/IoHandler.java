package dev.loopwire.transport.loop;

import java.nio.channels.SelectionKey;

/**
 * What a channel registered on an {@link EventLoop} does when the selector reports it ready. The
 * handler is the key's attachment. Every method is called on the owning loop thread only.
 */
public interface IoHandler {

    /**
     * The channel is ready for the operations in {@code key.readyOps()}. Exceptions thrown here are
     * logged by the loop, which then calls {@link #closeOnLoopFailure(Throwable)}.
     */
    void handleReady(SelectionKey key);

    /**
     * The loop rebuilt its selector (after detecting the JDK epoll spin bug) and the channel now has
     * a new key; handlers that keep their key must switch to this one.
     */
    void rekeyed(SelectionKey newKey);

    /** {@link #handleReady} threw; release the channel and everything it holds. */
    void closeOnLoopFailure(Throwable cause);

    /** The loop is shutting down: close the channel at once, without waiting for anything. */
    void closeOnLoopShutdown();
}
