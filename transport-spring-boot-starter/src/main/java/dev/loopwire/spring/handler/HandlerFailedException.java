package dev.loopwire.spring.handler;

import dev.loopwire.transport.dispatch.FailureLog;

/**
 * A {@code @MessageHandler} method failed (or its asynchronous reply did): carries the server, route and
 * connection into the core's failure log line (grouped by route, as a {@link FailureLog.RouteAware}) and
 * {@link ErrorReplies}. The cause is the original
 * exception.
 */
public class HandlerFailedException extends RuntimeException implements FailureLog.RouteAware {

    private static final long serialVersionUID = 1L;

    private final String server;
    private final String route;

    public HandlerFailedException(String server, String route, long connectionId, Throwable cause) {
        super("handler for route '" + route + "' of server '" + server + "' failed on connection " + connectionId
                + ": " + cause, cause);
        this.server = server;
        this.route = route;
    }

    /** The server's name. */
    public String server() {
        return server;
    }

    /** The route ({@code default} for the fallback). */
    @Override
    public String route() {
        return route;
    }
}
