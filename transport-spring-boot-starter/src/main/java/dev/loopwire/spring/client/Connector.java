package dev.loopwire.spring.client;

import dev.loopwire.transport.client.ClientConnection;
import java.io.IOException;
import java.time.Duration;

/**
 * Makes one connection of a client: plaintext or TLS (handshake done), to a fixed address or to a server
 * of this application. Called on the client scheduler's threads, never on a loop thread: it blocks.
 */
interface Connector {

    /**
     * Connects and returns once the connection can carry requests (TLS handshake finished).
     *
     * @throws IOException when the connection cannot be made within {@code timeout}
     */
    ClientConnection connect(Duration timeout) throws IOException;

    /** The server's {@code host:port}, for messages; may change for a server of this application. */
    String address();

    /** The name of the server of this application connected to, or null for a fixed address. */
    default String localServer() {
        return null;
    }
}
