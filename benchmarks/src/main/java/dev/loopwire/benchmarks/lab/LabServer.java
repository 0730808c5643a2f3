package dev.loopwire.benchmarks.lab;

/**
 * A server of the lab: speaks the line protocol of {@link LabRequest} on 127.0.0.1 and answers each
 * connection's requests in the order they arrived, whatever threads run the handlers.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}; called from one controlling thread.
 */
public interface LabServer extends AutoCloseable {

    /** Starts listening on 127.0.0.1, port 0, and returns the bound port once connections are accepted. */
    int start() throws Exception;

    /** Stops accepting, closes every connection and stops the server's threads. Idempotent. */
    @Override
    void close();
}
