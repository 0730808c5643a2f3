package dev.loopwire.spring.observation;

import io.micrometer.observation.Observation;

/**
 * The {@link Observation.Context} of one {@code @MessageHandler} invocation ({@code loopwire.handler}): the
 * server, the route, the connection, and the outcome once known. Created on the thread that runs the
 * handler; the outcome is set once, before the observation stops (on the handler thread, or on the thread
 * that completes an asynchronous reply).
 */
public class LoopwireHandlerContext extends Observation.Context {

    /** The outcome of a handler that returned (or whose asynchronous reply completed) normally. */
    public static final String SUCCESS = "success";
    /** The outcome of a handler that threw, or whose asynchronous reply failed. */
    public static final String ERROR = "error";
    /** The outcome of a frame whose payload failed {@code @Valid} checks (the method did not run). */
    public static final String INVALID = "invalid";

    private final String server;
    private final String route;
    private final long connectionId;
    private volatile String outcome = SUCCESS;

    public LoopwireHandlerContext(String server, String route, long connectionId) {
        this.server = server;
        this.route = route;
        this.connectionId = connectionId;
    }

    /** The server's name. */
    public String server() {
        return server;
    }

    /** The route ({@code default} for the fallback). */
    public String route() {
        return route;
    }

    /** The connection's id (unique within the JVM). */
    public long connectionId() {
        return connectionId;
    }

    /** {@link #SUCCESS}, {@link #ERROR} or {@link #INVALID}. */
    public String outcome() {
        return outcome;
    }

    /** Sets the outcome; called by the starter just before the observation stops. */
    public void outcome(String value) {
        this.outcome = value;
    }
}
