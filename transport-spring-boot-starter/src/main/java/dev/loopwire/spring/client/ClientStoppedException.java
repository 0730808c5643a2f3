package dev.loopwire.spring.client;

/** The client was stopped (the application is shutting down) before the request could complete. */
public class ClientStoppedException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public ClientStoppedException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
