package dev.loopwire.transport.dispatch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs handler failures of one server without letting a misbehaving client flood the log: the first
 * failure of each exception type is logged at WARN with its stack trace, later ones of the same type
 * in one WARN line (their stack traces at DEBUG). Safe from any thread.
 */
public final class FailureLog {

    /** exception types whose stack trace was already logged once */
    private final Set<Class<?>> seen = ConcurrentHashMap.newKeySet();

    /** Logs one handler failure on a connection. */
    public void handlerFailed(Logger log, String server, long connectionId, Object remoteAddress, Throwable failure) {
        if (seen.add(failure.getClass())) {
            log.warn("Server {}: handler failed on connection {} ({}); further {} failures are logged in one line",
                    server, connectionId, remoteAddress, failure.getClass().getSimpleName(), failure);
        } else if (log.isDebugEnabled()) {
            log.debug("Server {}: handler failed on connection {} ({})", server, connectionId, remoteAddress, failure);
        } else {
            log.warn("Server {}: handler failed on connection {} ({}): {}", server, connectionId, remoteAddress,
                    failure.toString());
        }
    }
}
