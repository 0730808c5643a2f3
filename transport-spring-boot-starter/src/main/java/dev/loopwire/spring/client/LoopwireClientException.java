package dev.loopwire.spring.client;

/**
 * A request of a {@link LoopwireClient} that failed; the message names the client and the server's
 * address. Each failure has its own subclass, so callers can tell a refused connection from a timeout.
 */
public class LoopwireClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String client;
    private final String address;

    /**
     * @param client  the client's name ({@code loopwire.clients.<name>})
     * @param address the server's {@code host:port}
     * @param problem what went wrong, and what to do about it
     * @param cause   the underlying failure, or null
     */
    public LoopwireClientException(String client, String address, String problem, Throwable cause) {
        super("Loopwire client '" + client + "' (" + address + "): " + problem, cause);
        this.client = client;
        this.address = address;
    }

    /** The client's name. */
    public String client() {
        return client;
    }

    /** The server's {@code host:port}. */
    public String address() {
        return address;
    }
}
