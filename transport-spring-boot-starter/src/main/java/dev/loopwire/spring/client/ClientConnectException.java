package dev.loopwire.spring.client;

/** No connection to the server could be made (refused, unreachable, timed out), or none was open and the client does not wait for one. */
public class ClientConnectException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public ClientConnectException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
