package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.RouteDispatch;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection of a server with per-route dispatch shares: the handler's {@link RouteDispatch},
 * the server's own dispatch (the default a route overrides), and the executor of each business mode.
 * Immutable; safe from any thread.
 */
public final class MixedDispatch {

    private static final Logger log = LoggerFactory.getLogger(MixedDispatch.class);

    private final RouteDispatch routes;
    private final Dispatch serverDispatch;
    /** runs {@link Dispatch#POOL} work; never null */
    private final Executor pool;
    /** runs {@link Dispatch#VIRTUAL} work; never null */
    private final Executor virtual;

    /**
     * @param routes         names each frame's dispatch
     * @param serverDispatch the server's dispatch, for frames whose route names none
     * @param pool           runs pool work; null when no route uses the pool (virtual work's executor then
     *                       also takes a stray pool frame)
     * @param virtual        runs virtual work; null when no route uses virtual threads (likewise)
     * @throws IllegalArgumentException when both executors are null: a server with only {@code io} work needs
     *         no mixed dispatch
     */
    public MixedDispatch(RouteDispatch routes, Dispatch serverDispatch, Executor pool, Executor virtual) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.serverDispatch = Objects.requireNonNull(serverDispatch, "serverDispatch");
        if (pool == null && virtual == null) {
            throw new IllegalArgumentException("mixed dispatch needs a pool or a virtual-thread executor");
        }
        this.pool = pool != null ? pool : virtual;
        this.virtual = virtual != null ? virtual : pool;
    }

    /**
     * The dispatch of {@code frame}, the server's when its route names none (or the lookup fails: the handler
     * then meets the frame where the server's own handlers run). Loop thread only.
     */
    Dispatch dispatchFor(byte[] frame) {
        Dispatch dispatch;
        try {
            dispatch = routes.dispatchFor(frame);
        } catch (RuntimeException lookupFailed) {
            log.debug("Route dispatch lookup failed; the frame runs where the server's dispatch says", lookupFailed);
            return serverDispatch;
        }
        return dispatch == null ? serverDispatch : dispatch;
    }

    /** The server's own dispatch: lifecycle calls run there. */
    Dispatch serverDispatch() {
        return serverDispatch;
    }

    /** The executor of {@code dispatch}, or null for {@link Dispatch#IO} (no executor needed). */
    Executor executorFor(Dispatch dispatch) {
        return switch (dispatch) {
            case IO -> null;
            case POOL -> pool;
            case VIRTUAL -> virtual;
        };
    }

    /** An executor for a drain whose events need none in particular. */
    Executor anyExecutor() {
        return pool;
    }
}
