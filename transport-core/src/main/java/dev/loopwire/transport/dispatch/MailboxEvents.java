package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.codec.FrameDecodingException;

/**
 * What a connection's {@link SerialMailbox} carries besides frames ({@code byte[]}) and decoding errors, and how a
 * drain task hands each item to the {@link FrameProcessor}. Shared by {@link PooledDispatcher} and
 * {@link MixedDispatcher}. Stateless; safe from any thread.
 */
final class MailboxEvents {

    /** marks the end of input in the mailbox */
    static final Object END_OF_INPUT = new Object();
    /** marks the open call in the mailbox (ahead of every frame); not a frame for backpressure */
    static final Object OPENED = new Object();
    /** marks the close call in the mailbox (after every frame); not a frame for backpressure */
    static final Object CLOSED = new Object();

    private MailboxEvents() {
    }

    /** True for the open and close markers, which backpressure does not count. */
    static boolean isLifecycle(Object event) {
        return event == OPENED || event == CLOSED;
    }

    /** Hands one mailbox item to {@code processor}. The drain task's thread only. */
    static void deliver(FrameProcessor processor, Object event) {
        if (event instanceof byte[] frame) {
            processor.frame(frame);
        } else if (event instanceof FrameDecodingException error) {
            processor.badFrame(error);
        } else if (event == END_OF_INPUT) {
            processor.inputEnded();
        } else if (event == OPENED) {
            processor.opened();
        } else if (event == CLOSED) {
            processor.closed();
        }
    }
}
