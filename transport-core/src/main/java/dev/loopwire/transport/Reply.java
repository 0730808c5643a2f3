package dev.loopwire.transport;

import dev.loopwire.transport.buffer.PooledBuffer;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link FrameHandler} answers to one frame. Replies leave each connection in the order their
 * requests arrived, whatever kind they are and whichever thread completes them.
 */
public sealed interface Reply permits Reply.None, Reply.Now, Reply.Buffered, Reply.Later {

    /** No reply to this frame. */
    static Reply none() {
        return None.INSTANCE;
    }

    /**
     * Reply with this frame payload (the framing's encoder adds the delimiter or length field). A payload
     * of 4 KiB or more is written from this array, not copied: do not change it afterwards.
     */
    static Reply of(byte[] payload) {
        return new Now(Objects.requireNonNull(payload, "payload"), false);
    }

    /**
     * Reply with the bytes of {@code payload} from its buffer's position to its limit, written from that
     * buffer (no copy). The reply owns it from now on and releases it once written, or when the connection
     * closes first, or when the reply is dropped after a close: the caller must not use or release it again.
     */
    static Reply of(PooledBuffer payload) {
        return new Buffered(Objects.requireNonNull(payload, "payload"), false);
    }

    /** As {@link #of(PooledBuffer)}, then close as {@link #ofAndClose(byte[])} does. */
    static Reply ofAndClose(PooledBuffer payload) {
        return new Buffered(Objects.requireNonNull(payload, "payload"), true);
    }

    /**
     * Reply with this payload, then close the connection once everything before it is written. This ends
     * the connection's work: later frames of the connection never reach the handler, and no later reply
     * is written (both dropped and counted).
     */
    static Reply ofAndClose(byte[] payload) {
        return new Now(Objects.requireNonNull(payload, "payload"), true);
    }

    /**
     * No reply; close the connection once the replies to earlier frames are written. Later frames are not
     * handled (see {@link #ofAndClose}).
     */
    static Reply close() {
        return new Now(null, true);
    }

    /**
     * Reply when {@code stage} completes: its value is the payload ({@code null} for none). If it fails,
     * the server's {@link FailurePolicy} decides between an error reply and a close. Later frames of the
     * same connection may be handled meanwhile, but their replies wait behind this one.
     */
    static Reply later(CompletionStage<byte[]> stage) {
        Objects.requireNonNull(stage, "stage");
        return new Later(stage.thenApply(payload -> payload == null ? none() : of(payload)));
    }

    /**
     * Reply with whatever {@code stage} completes with: {@link #none()}, {@link #of}, {@link #ofAndClose}
     * or {@link #close()} (not another {@code later}). Use it when an asynchronous answer may also close
     * the connection, e.g. a {@code QUIT} that waits for a flush to storage. Failures go to the
     * {@link FailurePolicy} as with {@link #later}.
     */
    static Reply laterReply(CompletionStage<? extends Reply> stage) {
        return new Later(Objects.requireNonNull(stage, "stage"));
    }

    /** The "no reply" answer. */
    final class None implements Reply {
        static final None INSTANCE = new None();

        private None() {
        }

        @Override
        public String toString() {
            return "Reply.none()";
        }
    }

    /**
     * A reply known now.
     *
     * @param payload the payload, or {@code null} for none
     * @param closeAfter whether to close the connection after writing it
     */
    record Now(byte[] payload, boolean closeAfter) implements Reply {
    }

    /**
     * A reply known now, in a pooled buffer the reply owns (see {@link Reply#of(PooledBuffer)}).
     *
     * @param payload the bytes, from its buffer's position to its limit
     * @param closeAfter whether to close the connection after writing it
     */
    record Buffered(PooledBuffer payload, boolean closeAfter) implements Reply {
    }

    /**
     * A reply that comes later.
     *
     * @param stage completes with the reply ({@link None} or {@link Now})
     */
    record Later(CompletionStage<? extends Reply> stage) implements Reply {
    }
}
