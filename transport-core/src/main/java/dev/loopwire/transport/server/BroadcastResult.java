package dev.loopwire.transport.server;

/**
 * What one broadcast did.
 *
 * @param delivered connections the message was queued for
 * @param skipped   slow consumers left out ({@link dev.loopwire.transport.SlowConsumerPolicy#SKIP})
 * @param closed    slow consumers closed ({@link dev.loopwire.transport.SlowConsumerPolicy#CLOSE})
 */
public record BroadcastResult(int delivered, int skipped, int closed) {
}
