package dev.loopwire.spring.client;

/** The connection closed (by the server, or after another request on it timed out) before the reply arrived; the client connects again. */
public class ConnectionClosedException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
