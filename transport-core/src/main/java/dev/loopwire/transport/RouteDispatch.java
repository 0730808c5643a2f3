package dev.loopwire.transport;

import java.util.Set;

/**
 * Optional for a {@link FrameHandler}: names the {@link Dispatch} each frame needs, so that one server can
 * answer cheap routes on its loop and run slow ones on the business pool or on virtual threads. The
 * server's own {@link dev.loopwire.transport.server.TcpServerConfig#dispatch() dispatch} is the default a
 * route may override.
 *
 * <p>A connection's frames are still handled one at a time and in arrival order, and its replies leave in
 * request order: a frame whose dispatch is {@link Dispatch#IO} runs on the loop only when nothing of its
 * connection is pending on the business side; otherwise it waits its turn behind the pending frames and
 * runs, in order, on the business thread that handles them (it never overtakes).
 *
 * <p>A server whose handler does not implement this interface, or whose {@link #routeDispatches()} names no
 * mode other than the server's own, dispatches exactly as before, at no extra cost.
 */
public interface RouteDispatch {

    /**
     * The dispatch {@code frame} needs, or {@code null} for the server's. Loop thread only: called for every
     * frame as it is decoded, so it must be cheap, must not block, and should not allocate (look the route
     * up in the frame's bytes). It must not keep or change the frame. Should it throw, the frame runs where
     * the server's dispatch says.
     *
     * @param frame the decoded frame, as the handler will receive it
     * @return one of {@link #routeDispatches()}, the server's dispatch, or null for the server's dispatch
     */
    Dispatch dispatchFor(byte[] frame);

    /**
     * Every dispatch {@link #dispatchFor} may return besides the server's own (an empty set: none). Called
     * once, when the server starts, to create the executors the routes need. Safe from any thread.
     */
    Set<Dispatch> routeDispatches();
}
