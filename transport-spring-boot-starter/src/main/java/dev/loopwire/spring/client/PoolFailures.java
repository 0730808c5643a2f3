package dev.loopwire.spring.client;

import dev.loopwire.transport.codec.FrameDecodingException;
import java.io.IOException;
import java.time.Duration;

/**
 * Why a {@link ConnectionPool} request did not get its reply, as the {@link LoopwireClientException}
 * subclass that says so and what to do about it. Immutable; safe from any thread.
 */
final class PoolFailures {

    private final String client;
    private final String address;

    PoolFailures(String client, String address) {
        this.client = client;
        this.address = address;
    }

    ClientStoppedException stopped(String why, Throwable cause) {
        return new ClientStoppedException(client, address, why, cause);
    }

    /** No connection is open and the last attempt failed (when-disconnected: fail). */
    ClientConnectException disconnected(IOException lastFailure) {
        return new ClientConnectException(client, address, "no connection is open (the last attempt failed: "
                + lastFailure.getMessage() + "); check that the server runs, or set when-disconnected: wait",
                lastFailure);
    }

    ClientConnectException noConnectionWithin(Duration connectTimeout, IOException lastFailure) {
        return new ClientConnectException(client, address, "no connection could be made within connect-timeout "
                + connectTimeout.toMillis() + " ms"
                + (lastFailure == null ? "" : " (last attempt: " + lastFailure.getMessage() + ")")
                + "; check that the server runs and is reachable", lastFailure);
    }

    ClientConnectException couldNotConnect(IOException failure) {
        return new ClientConnectException(client, address, "could not connect (" + failure.getMessage()
                + "); check that the server runs", failure);
    }

    TooManyRequestsException noRoomWithin(int connections, int maxInFlight, Duration maxInFlightWait) {
        return new TooManyRequestsException(client, address, "all " + connections + " connections had "
                + maxInFlight + " requests in flight for " + maxInFlightWait.toMillis() + " ms; raise "
                + "max-in-flight-per-connection or connections, or send fewer requests at once", null);
    }

    RequestTimeoutException noReplyWithin(Duration requestTimeout) {
        return new RequestTimeoutException(client, address, "no reply within request-timeout "
                + requestTimeout.toMillis() + " ms; the connection is closed and made again", null);
    }

    MalformedReplyException malformedReply(FrameDecodingException bad) {
        return new MalformedReplyException(client, address, "a reply frame could not be decoded (" + bad.getMessage()
                + "); the connection is closed, check the client's framing against the server's", bad);
    }

    /** @param reason why the client closed it, null when the server did */
    ConnectionClosedException connectionClosed(String reason, Throwable cause) {
        return new ConnectionClosedException(client, address, "the connection closed before the reply arrived"
                + (reason == null ? " (closed by the server?)" : " (" + reason + ")") + "; it is made again", cause);
    }
}
