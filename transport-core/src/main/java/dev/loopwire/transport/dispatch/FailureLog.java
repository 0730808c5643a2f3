package dev.loopwire.transport.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs handler failures of one server without letting a client that makes every frame fail flood the
 * log. Failures are grouped by route and exception type; per group, at most one WARN line is written per
 * interval (default 10 s), carrying the number of failures since the group's previous line. The first
 * line of a group has the stack trace; later lines name the latest failure only (each failure's stack
 * trace is at DEBUG). Failures of a group after its last line are reported with the group's next
 * failure; the server's statistics ({@code handlerErrors}) count every failure whatever is logged.
 *
 * <p>The core has no routes: a failure that implements {@link RouteAware} (the starter's handler failure
 * does) is grouped by its route and by its cause's type; any other by its own type alone.
 *
 * <p>Safe from any thread: loop threads and business threads of one server call it at once.
 */
public final class FailureLog {

    /** The default interval between two lines of one group. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /** Groups beyond this many share one group, so that odd failures cannot grow the map without end. */
    static final int MAX_GROUPS = 1_024;

    private static final Group OTHERS = new Group(null, "other exception types");

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<Group, Window> windows = new ConcurrentHashMap<>();

    /** A failure log with the default interval. */
    public FailureLog() {
        this(DEFAULT_INTERVAL, System::nanoTime);
    }

    /** A failure log writing at most one line per group per {@code interval}. */
    public FailureLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    /**
     * For tests: a failure log on a given clock.
     *
     * @param interval  the shortest time between two lines of one group; positive
     * @param nanoClock monotonic nanoseconds, like {@link System#nanoTime()}
     */
    public FailureLog(Duration interval, LongSupplier nanoClock) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** A failure that knows the route it failed on (the core itself has no routes). */
    public interface RouteAware {

        /** The route, e.g. the command of a line protocol. */
        String route();
    }

    /** Logs one handler failure on a connection. Safe from any thread. */
    public void handlerFailed(Logger log, String server, long connectionId, Object remoteAddress, Throwable failure) {
        if (log.isDebugEnabled()) {
            log.debug("Server {}: handler failed on connection {} ({})", server, connectionId, remoteAddress, failure);
        }
        Group group = groupOf(failure);
        long now = nanoClock.getAsLong();
        Window window = windows.get(group);
        if (window == null) {
            if (windows.size() >= MAX_GROUPS) {
                group = OTHERS;
            }
            window = windows.computeIfAbsent(group, ignored -> new Window(now));
        }
        long count = window.failed(now, intervalNanos);
        if (count == 0) {
            return;
        }
        if (window.firstLine()) {
            log.warn("Server {}: handler failed{} on connection {} ({}); further {} failures{} are logged at most "
                    + "once per {} s, with their count", server, group.onRoute(), connectionId, remoteAddress,
                    group.type(), group.onRoute(), seconds(), failure);
        } else {
            log.warn("Server {}: {} handler failure(s) {}{} since the last line; latest on connection {} ({}): {}",
                    server, count, group.type(), group.onRoute(), connectionId, remoteAddress, failure.toString());
        }
    }

    private long seconds() {
        return Math.max(1, Duration.ofNanos(intervalNanos).toSeconds());
    }

    private static Group groupOf(Throwable failure) {
        if (failure instanceof RouteAware routed) {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            return new Group(routed.route(), cause.getClass().getSimpleName());
        }
        return new Group(null, failure.getClass().getSimpleName());
    }

    /** A route (null when unknown) and an exception type. */
    private record Group(String route, String type) {

        String onRoute() {
            return route == null ? "" : " on route '" + route + "'";
        }
    }

    /** One group's failures since its last line, and when the next line may be written. */
    private static final class Window {

        private final AtomicLong sinceLastLine = new AtomicLong();
        private final AtomicLong nextLineAt;
        private volatile boolean linesWritten;

        Window(long now) {
            this.nextLineAt = new AtomicLong(now);
        }

        /** Counts a failure; returns the count to report when a line is due now, else 0. */
        long failed(long now, long intervalNanos) {
            sinceLastLine.incrementAndGet();
            long due = nextLineAt.get();
            if (now - due < 0 || !nextLineAt.compareAndSet(due, now + intervalNanos)) {
                return 0;
            }
            return sinceLastLine.getAndSet(0);
        }

        /** True the first time it is called. */
        boolean firstLine() {
            if (linesWritten) {
                return false;
            }
            linesWritten = true;
            return true;
        }
    }
}
