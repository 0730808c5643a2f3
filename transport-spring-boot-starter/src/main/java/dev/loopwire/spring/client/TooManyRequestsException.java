package dev.loopwire.spring.client;

/** Every connection had {@code max-in-flight-per-connection} requests in flight for longer than {@code max-in-flight-wait}. */
public class TooManyRequestsException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public TooManyRequestsException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
