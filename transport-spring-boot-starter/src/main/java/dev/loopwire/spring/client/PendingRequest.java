package dev.loopwire.spring.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A request (or a one-way message) given to a {@link ConnectionPool} and the future its caller holds. */
final class PendingRequest {

    final byte[] frame;
    final boolean expectsReply;
    final CompletableFuture<byte[]> result = new CompletableFuture<>();
    /** the bounded wait while queued, null when never queued */
    ScheduledFuture<?> waitTimer;

    PendingRequest(byte[] frame, boolean expectsReply) {
        this.frame = frame;
        this.expectsReply = expectsReply;
    }
}
