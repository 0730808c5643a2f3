package dev.loopwire.spring.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A configured client of one server ({@code loopwire.clients.<name>}): a pool of connections that carry
 * requests and match replies by order, with reconnects, time limits and bounded pipelining. Every
 * future it returns completes: with the reply, or with a {@link LoopwireClientException} subclass whose
 * message names the client and the address.
 *
 * <p>Threads: every method is safe from any thread and never blocks. Futures complete on a client I/O
 * loop thread: keep dependent stages quick, or use the {@code ...Async} variants with an executor.
 */
public final class LoopwireClient {

    private final String name;
    private final ConnectionPool pool;
    private final ClientCodec codec;
    private final ClientObservation observation;
    private final Connector connector;
    private final String description;

    LoopwireClient(String name, ConnectionPool pool, ClientCodec codec, ClientObservation observation,
            Connector connector, String description) {
        this.name = name;
        this.pool = pool;
        this.codec = codec;
        this.observation = observation;
        this.connector = connector;
        this.description = description;
    }

    /** The client's name (its key under {@code loopwire.clients}). */
    public String name() {
        return name;
    }

    /** The server's {@code host:port}. */
    public String address() {
        return connector.address();
    }

    /** The server of this application the client connects to ({@code server: <name>}), or null. */
    public String localServer() {
        return connector.localServer();
    }

    /** The framing and payload, for diagnostics. */
    public String description() {
        return description;
    }

    /** Sends a frame and completes with the reply frame. */
    public CompletableFuture<byte[]> request(byte[] payload) {
        return exchange("", payload, byte[].class, null);
    }

    /** Sends a text frame (in the client's charset) and completes with the reply as text. */
    public CompletableFuture<String> request(String payload) {
        return exchange("", payload, String.class, null);
    }

    /**
     * Sends {@code payload} ({@code byte[]}, {@code String}, or an object: JSON on a JSON client) and
     * completes with the reply converted to {@code replyType} by the same converters servers use.
     */
    public <T> CompletableFuture<T> request(Object payload, Class<T> replyType) {
        return exchange("", payload, replyType, null);
    }

    /**
     * As {@link #request(Object, Class)}, with {@code route} written into the frame: the first word of a
     * line, or the type field of a length-field frame.
     */
    public <T> CompletableFuture<T> request(String route, Object payload, Class<T> replyType) {
        return exchange(route, payload, replyType, null);
    }

    /** Sends a one-way frame (no reply is read); completes once it is queued on a connection. */
    public CompletableFuture<Void> send(Object payload) {
        return send("", payload);
    }

    /** Sends a one-way frame with {@code route} written into it. */
    public CompletableFuture<Void> send(String route, Object payload) {
        long start = System.nanoTime();
        CompletableFuture<Void> sent;
        try {
            sent = pool.send(codec.encode(route, payload));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(encodeFailure(e));
        }
        return observe(sent, route, start);
    }

    /**
     * The request of a declarative client method: {@code hint} is the method's return type (a
     * {@code MethodParameter}) for generic reply types.
     */
    <T> CompletableFuture<T> exchange(String route, Object payload, Class<T> replyType, Object hint) {
        long start = System.nanoTime();
        byte[] frame;
        try {
            frame = codec.encode(route, payload);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(encodeFailure(e));
        }
        CompletableFuture<T> reply = pool.request(frame).thenApply(bytes -> {
            try {
                return codec.decode(bytes, replyType, hint);
            } catch (RuntimeException e) {
                throw new ReplyConversionException(name, address(), "the reply could not be read as "
                        + replyType.getName() + ": " + e.getMessage(), e);
            }
        });
        return observe(reply, route, start);
    }

    /**
     * The caller's future: completes as {@code result} does, after the observation, with the client's own
     * exception (not wrapped in a {@code CompletionException}), so {@code exceptionally} and
     * {@code handle} see a {@link LoopwireClientException} subclass.
     */
    private <T> CompletableFuture<T> observe(CompletableFuture<T> result, String route, long start) {
        String tag = route == null || route.isEmpty() ? "none" : route;
        CompletableFuture<T> caller = new CompletableFuture<>();
        result.whenComplete((value, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            observation.requestCompleted(name, tag, ClientObservation.outcome(cause), System.nanoTime() - start);
            if (cause == null) {
                caller.complete(value);
            } else {
                caller.completeExceptionally(cause);
            }
        });
        return caller;
    }

    private LoopwireClientException encodeFailure(RuntimeException e) {
        return new LoopwireClientException(name, address(), "the request could not be written: " + e.getMessage(), e);
    }

    /**
     * The longest a request can take before its future completes: waiting for a connection or for room,
     * then for the reply. A blocking caller never needs to wait longer.
     */
    public Duration maxRequestDuration() {
        PoolSettings settings = pool.settings();
        Duration wait = settings.connectTimeout().compareTo(settings.maxInFlightWait()) > 0
                ? settings.connectTimeout() : settings.maxInFlightWait();
        return wait.plus(settings.requestTimeout());
    }

    /** The codec, for declarative clients. */
    ClientCodec codec() {
        return codec;
    }

    /** Opens the connections in the background. */
    void start() {
        pool.start();
    }

    /** Stops: new requests fail, requests in flight get up to {@code timeout}; completes when closed. */
    public CompletableFuture<Void> stop(Duration timeout) {
        return pool.stop(timeout);
    }

    /** Connections, requests in flight and the last failure, now. */
    public Stats stats() {
        PoolStats stats = pool.stats();
        return new Stats(stats.openConnections(), stats.connecting(), stats.inFlight(), stats.waiting(),
                stats.consecutiveFailures(), stats.lastFailure(), stats.stopped());
    }

    @Override
    public String toString() {
        return "LoopwireClient[" + name + " -> " + address() + ", " + description + "]";
    }

    /**
     * A snapshot of a client.
     *
     * @param openConnections     connections open now
     * @param connecting          connection attempts running or waiting for their back-off
     * @param inFlight            requests sent and not answered
     * @param waiting             requests waiting for room or for a connection
     * @param consecutiveFailures connection attempts failed since the last that worked
     * @param lastFailure         why the last attempt failed, or null
     * @param stopped             whether the client has been stopped
     */
    public record Stats(int openConnections, int connecting, int inFlight, int waiting, int consecutiveFailures,
            String lastFailure, boolean stopped) {

        /** No connection open, and the last attempt to make one failed. */
        public boolean down() {
            return openConnections == 0 && consecutiveFailures > 0;
        }
    }
}
