package dev.loopwire.spring.client;

import dev.loopwire.transport.client.ClientConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep of one {@link ConnectionPool}'s connections: keeps {@code connections} of them open or opening,
 * makes each connection attempt on the client scheduler, spaces attempts after failures with the settings'
 * {@link Backoff}, counts a server that accepts and hangs up before answering as a failure, makes a
 * connection the server closed again, and closes connections idle for idle-timeout. It dispatches no
 * request itself: a new connection hands the waiting requests back to the pool ({@link Pool#drainWaiters}),
 * and when connecting fails with fail-when-disconnected it fails the waiting ones.
 *
 * <p>Ownership: made by its pool in the pool's constructor and owned by it for its whole life; it sees the
 * pool only through {@link Pool}. Its state (attempts running, consecutive failures, the last failure, the
 * idle check) is guarded by the pool's lock ({@link Pool#lock()}), the very monitor that guards the pool's
 * open connections and waiting requests, so request dispatch, upkeep and stopping keep seeing one consistent
 * pool. Methods documented "Lock held" are called by the pool with that lock held; the others take it
 * themselves. The lock is never held across I/O, a log call or completing a future.
 *
 * <p>Threads: connection attempts and the idle check run on the shared client scheduler (an attempt blocks
 * it up to connect-timeout); {@link #answered} runs where a reply completes (as a rule the connection's
 * loop thread); a close is noticed on whatever thread completes the connection's close future. It logs
 * under {@link ConnectionPool}'s logger, as before the upkeep had its own class.
 */
final class PoolUpkeep {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

    /**
     * The pool as its upkeep sees it. Every method but {@link #lock()} is called with the pool's lock held
     * and neither blocks nor completes a future.
     */
    interface Pool {

        /** The monitor that guards the pool and this upkeep. Safe from any thread. */
        Object lock();

        /** Whether the pool is stopped: no connection is made or kept any more. Lock held. */
        boolean stopped();

        /** The pool's open connections, the live list it dispatches on. Lock held. */
        List<PooledConnection> open();

        /** Gives waiting requests the room there is now, oldest first; run the result without the lock. Lock held. */
        List<Runnable> drainWaiters();

        /** Removes every waiting request and returns them, oldest first; fail them without the lock. Lock held. */
        List<PendingRequest> takeWaiters();
    }

    private final String client;
    private final PoolSettings settings;
    private final Connector connector;
    private final ScheduledExecutorService scheduler;
    private final PoolFailures failures;
    private final Pool pool;

    // ---- guarded by pool.lock()
    /** connection attempts running or scheduled */
    private int connecting;
    /** connection attempts that failed since the last one that worked */
    private int consecutiveFailures;
    private IOException lastFailure;
    private ScheduledFuture<?> idleCheck;

    PoolUpkeep(String client, PoolSettings settings, Connector connector, ScheduledExecutorService scheduler,
            PoolFailures failures, Pool pool) {
        this.client = client;
        this.settings = settings;
        this.connector = connector;
        this.scheduler = scheduler;
        this.failures = failures;
        this.pool = pool;
    }

    /** Connection attempts running or scheduled. Lock held. */
    int connecting() {
        return connecting;
    }

    /** Connection attempts that failed since the last one that worked. Lock held. */
    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Why the last attempt failed, null after a connection answered. Lock held. */
    IOException lastFailure() {
        return lastFailure;
    }

    /** Starts the periodic idle check when an idle-timeout is set. Lock held, once, when the pool starts. */
    void startIdleCheck() {
        if (!settings.idleTimeout().isZero()) {
            long period = Math.max(10, settings.idleTimeout().toMillis() / 2);
            try {
                idleCheck = scheduler.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                idleCheck = null; // the application context is closing
            }
        }
    }

    /** Cancels the idle check. Lock held, when the pool stops. */
    void stopIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
    }

    /** Starts connection attempts until open and opening ones make {@code connections}. Lock held. */
    void ensureConnections() {
        while (!pool.stopped() && pool.open().size() + connecting < settings.connections()) {
            connecting++;
            long delay = consecutiveFailures == 0 ? 0 : settings.backoff().delayMillis(consecutiveFailures);
            try {
                scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) { // the application context is closing: no more attempts
                connecting--;
                return;
            }
        }
    }

    /** One connection attempt; scheduler thread (it blocks up to connect-timeout). */
    private void attempt() {
        ClientConnection connection;
        try {
            connection = connector.connect(settings.connectTimeout());
        } catch (IOException | RuntimeException e) {
            attemptFailed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            return;
        }
        PooledConnection slot = new PooledConnection(connection);
        List<Runnable> dispatches;
        boolean keep;
        synchronized (pool.lock()) {
            connecting--;
            keep = !pool.stopped();
            if (keep) {
                // the failure count is reset by the first reply: a server that accepts and hangs up is still down
                pool.open().add(slot);
            }
            dispatches = pool.drainWaiters();
        }
        if (!keep) {
            connection.closeGracefully();
            return;
        }
        log.debug("Loopwire client '{}': connection {} to {} open", client, connection.connection().id(),
                connector.address());
        connection.closeFuture().whenComplete((ignored, failure) -> closed(slot));
        dispatches.forEach(Runnable::run);
    }

    /** Scheduler thread, lock not held: counts the failure, schedules the next attempt, logs. */
    private void attemptFailed(IOException failure) {
        List<PendingRequest> refused = List.of();
        boolean firstFailure;
        synchronized (pool.lock()) {
            connecting--;
            consecutiveFailures++;
            firstFailure = consecutiveFailures == 1;
            lastFailure = failure;
            if (pool.stopped()) {
                return;
            }
            if (settings.failWhenDisconnected() && pool.open().isEmpty()) {
                refused = pool.takeWaiters();
            }
            ensureConnections();
        }
        if (firstFailure && !(failure instanceof TcpConnector.NotListeningException)) {
            log.warn("Loopwire client '{}' could not connect to {} ({}); retrying with back-off", client,
                    connector.address(), failure.toString());
        } else {
            log.debug("Loopwire client '{}': attempt to connect to {} failed again: {}", client, connector.address(),
                    failure.toString());
        }
        for (PendingRequest request : refused) {
            if (request.waitTimer != null) {
                request.waitTimer.cancel(false);
            }
            request.result.completeExceptionally(failures.couldNotConnect(failure));
        }
    }

    /**
     * The first reply on a connection: the server works, whatever failed before. Safe from any thread (as a
     * rule the connection's loop thread); the lock must not be held.
     */
    void answered() {
        int failedBefore;
        synchronized (pool.lock()) {
            failedBefore = consecutiveFailures;
            consecutiveFailures = 0;
            lastFailure = null;
        }
        if (failedBefore > 0) {
            log.info("Loopwire client '{}': {} answers again after {} failed attempts", client, connector.address(),
                    failedBefore);
        }
    }

    /** A connection closed (any thread): its pending requests have failed already; make it again. */
    private void closed(PooledConnection slot) {
        boolean idle;
        boolean hungUp = false;
        synchronized (pool.lock()) {
            pool.open().remove(slot);
            idle = slot.closeReason == PooledConnection.IDLE;
            if (!idle && slot.closeReason == null && !slot.answered) {
                // a server that accepts and hangs up at once must not make us reconnect in a tight loop
                consecutiveFailures++;
                lastFailure = new IOException("the server closed the connection before answering anything");
                hungUp = consecutiveFailures == 1;
            }
            if (!idle) {
                ensureConnections();
            }
        }
        if (hungUp) {
            log.warn("Loopwire client '{}': {} closed the connection before answering anything; reconnecting with "
                    + "back-off", client, connector.address());
        }
        log.debug("Loopwire client '{}': connection {} to {} closed{}", client, slot.connection.connection().id(),
                connector.address(), slot.closeReason == null ? "" : " (" + slot.closeReason + ")");
    }

    /** Scheduler thread: closes connections with nothing in flight and no traffic for idle-timeout. */
    private void closeIdle() {
        long idleNanos = settings.idleTimeout().toNanos();
        List<PooledConnection> idle = new ArrayList<>(0);
        synchronized (pool.lock()) {
            long now = System.nanoTime();
            List<PooledConnection> open = pool.open();
            for (PooledConnection slot : open) {
                if (slot.inFlight == 0 && now - slot.lastActivity >= idleNanos) {
                    slot.closeReason = PooledConnection.IDLE;
                    idle.add(slot);
                }
            }
            open.removeAll(idle);
        }
        idle.forEach(slot -> slot.connection.closeGracefully());
    }
}
