package dev.loopwire.transport;

/**
 * What a broadcast does with a slow consumer: a connection whose outbound backlog (queued frames plus
 * encrypted bytes not yet written) is at or over its high write watermark. Either way the slow consumer's
 * backlog never grows past the watermark plus one message, and the others are served without waiting.
 */
public enum SlowConsumerPolicy {

    /** Leave it out of this message (counted in {@code ServerStats#broadcastSkipped()}); it stays open. */
    SKIP,

    /**
     * Close it at once, discarding its backlog (counted in {@code ServerStats#slowConsumersClosed()} and
     * logged); its close reason is {@link CloseReason#LIMIT}.
     */
    CLOSE
}
