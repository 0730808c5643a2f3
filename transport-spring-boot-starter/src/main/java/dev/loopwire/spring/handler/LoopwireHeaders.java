package dev.loopwire.spring.handler;

/**
 * Names of the headers every frame message carries, for {@code @Header} parameters of
 * {@link dev.loopwire.spring.annotation.MessageHandler} methods.
 */
public final class LoopwireHeaders {

    /** The server's name ({@code String}). */
    public static final String SERVER = "loopwire_server";

    /** The route key that selected the handler ({@code String}; {@code "default"} for the fallback). */
    public static final String ROUTE = "loopwire_route";

    /** The connection's id ({@code Long}). */
    public static final String CONNECTION_ID = "loopwire_connectionId";

    /** The peer's address ({@code InetSocketAddress}). */
    public static final String REMOTE_ADDRESS = "loopwire_remoteAddress";

    private LoopwireHeaders() {
    }
}
