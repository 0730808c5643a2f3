package dev.loopwire.spring.client;

/** No reply came within {@code request-timeout}; the request's connection is closed and made again, since replies are matched by order. */
public class RequestTimeoutException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
