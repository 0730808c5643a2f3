package dev.loopwire.transport.connection;

import java.nio.channels.SelectionKey;

/**
 * What one connection asks its selector to report, and why: {@code OP_READ} while no reason to stop reading
 * holds (a bit set of {@code NioConnection.SUSPEND_*} reasons), {@code OP_WRITE} while the socket was full.
 * Holds the selection key once the channel is registered and writes its interest ops only when they change.
 * It remembers the ops it last gave the key, so the check after every flush is a field compare: the key
 * (whose {@code interestOps()} checks validity and reads a volatile field) is touched only on a change.
 *
 * <p>Owned by one {@link NioConnection}; loop thread only.
 */
final class ReadyInterest {

    /** the selection key, or null before registration */
    private SelectionKey key;
    /** the interest ops last given to (or read from) the key; -1 before registration */
    private int keyOps = -1;
    /** bit set of reasons to stop reading */
    private int suspended;
    /** OP_WRITE is wanted because the socket was full */
    private boolean waitingForWritable;
    /** a lingering close: OP_READ only (to discard input until EOF), whatever the suspension reasons */
    private boolean lingering;

    /** The interest ops to register with: OP_READ unless reading is suspended. */
    int initialOps() {
        return suspended == 0 ? SelectionKey.OP_READ : 0;
    }

    /** The channel is registered (again, after a selector rebuild) under {@code newKey}. */
    void keyed(SelectionKey newKey) {
        key = newKey;
        keyOps = newKey.isValid() ? newKey.interestOps() : -1;
    }

    /** True once the channel is registered. */
    boolean isRegistered() {
        return key != null;
    }

    /** Cancels the key, if any; returns true if there was one. */
    boolean cancel() {
        if (key == null) {
            return false;
        }
        key.cancel();
        return true;
    }

    /** True while no reason to stop reading holds. */
    boolean isReading() {
        return suspended == 0;
    }

    /** True while {@code reason} holds. */
    boolean isSuspended(int reason) {
        return (suspended & reason) != 0;
    }

    /** Adds {@code reason}; stops OP_READ if it was the first. */
    void suspend(int reason) {
        boolean wasReading = suspended == 0;
        suspended |= reason;
        if (wasReading) {
            update();
        }
    }

    /** Lifts {@code reason}; asks for OP_READ again when no reason is left. */
    void resume(int reason) {
        if ((suspended & reason) == 0) {
            return;
        }
        suspended &= ~reason;
        if (suspended == 0) {
            update();
        }
    }

    /** True while the connection waits for the socket to take more bytes. */
    boolean isWaitingForWritable() {
        return waitingForWritable;
    }

    /** The socket reported it is writable: stop waiting (the ops are brought up to date by the next flush). */
    void writable() {
        waitingForWritable = false;
    }

    /** After a flush: wait for OP_WRITE if bytes are left, otherwise drop it if it is still set. */
    void afterFlush(boolean bytesLeft) {
        waitingForWritable = bytesLeft;
        update();
    }

    /** Output is shut down: from now on only OP_READ, to read and discard until the peer's EOF. */
    void linger() {
        lingering = true;
        waitingForWritable = false;
        update();
    }

    private void update() {
        int ops = lingering ? SelectionKey.OP_READ
                : (suspended == 0 ? SelectionKey.OP_READ : 0) | (waitingForWritable ? SelectionKey.OP_WRITE : 0);
        if (ops == keyOps || key == null || !key.isValid()) {
            return; // unchanged (the common case, after every flush), not registered yet, or cancelled
        }
        key.interestOps(ops);
        keyOps = ops;
    }
}
