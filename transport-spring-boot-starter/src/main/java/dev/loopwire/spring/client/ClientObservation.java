package dev.loopwire.spring.client;

/**
 * Told of every completed client request, e.g. to time it ({@code loopwire.client.requests}). Called on
 * the thread that completes the request (usually a client loop thread): implementations must be quick,
 * thread-safe and must not block.
 */
@FunctionalInterface
public interface ClientObservation {

    /** Observes nothing. */
    ClientObservation NONE = (client, route, outcome, nanos) -> {
    };

    /**
     * One request completed.
     *
     * @param client  the client's name
     * @param route   the route, or {@code "none"}
     * @param outcome {@code success}, {@code timeout}, {@code closed}, {@code connect-failed},
     *                {@code too-many-requests}, {@code malformed-reply}, {@code stopped}, {@code conversion-failed}
     *                or {@code error}
     * @param nanos   from the call to the outcome
     */
    void requestCompleted(String client, String route, String outcome, long nanos);

    /** The outcome tag of a failure (null for success). */
    static String outcome(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return "success";
        }
        if (cause instanceof RequestTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectionClosedException) {
            return "closed";
        }
        if (cause instanceof ClientConnectException) {
            return "connect-failed";
        }
        if (cause instanceof TooManyRequestsException) {
            return "too-many-requests";
        }
        if (cause instanceof MalformedReplyException) {
            return "malformed-reply";
        }
        if (cause instanceof ClientStoppedException) {
            return "stopped";
        }
        if (cause instanceof ReplyConversionException) {
            return "conversion-failed";
        }
        return "error";
    }
}
