package dev.loopwire.spring.client;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.loop.Timeout;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one client: keeps {@code connections} of them open, sends each request to the open
 * connection with the fewest requests in flight (replies are matched by order per connection), bounds
 * the requests in flight per connection, reconnects with back-off, and makes sure every future it hands
 * out completes: with the reply, or with the {@link LoopwireClientException} subclass that says why not.
 * This class dispatches requests and stops the pool; opening, reconnecting (with back-off) and closing idle
 * connections is its {@link PoolUpkeep}'s work, which it owns and which sees it through {@link PoolUpkeep.Pool}.
 *
 * <p>Threads: {@link #request}, {@link #send}, {@link #stop} and the getters are safe from any thread and
 * never block. Connection attempts, back-off and waits run on the shared client scheduler; replies and
 * request timeouts complete on the connection's loop thread. One lock (this object) guards the pool's
 * state and its upkeep's; it is never held across I/O or a user callback.
 */
final class ConnectionPool {

    private final PoolSettings settings;
    private final ScheduledExecutorService scheduler;
    private final PoolFailures failures;
    /** opens, reconnects and closes idle connections; owned by this pool, guarded by its lock */
    private final PoolUpkeep upkeep;

    // ---- guarded by this
    /** open connections, in the order they were made */
    private final List<PooledConnection> open = new ArrayList<>();
    /** requests waiting for room on a connection, or for a connection, oldest first */
    private final Deque<PendingRequest> waiters = new ArrayDeque<>();
    private boolean started;
    private boolean stopped;
    private CompletableFuture<Void> drained;

    ConnectionPool(String client, PoolSettings settings, Connector connector, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.failures = new PoolFailures(client, connector.address());
        this.upkeep = new PoolUpkeep(client, settings, connector, scheduler, failures, new UpkeepView());
    }

    PoolSettings settings() {
        return settings;
    }

    /** Opens the connections in the background (a request made earlier opens them too). Safe from any thread. */
    void start() {
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
            upkeep.ensureConnections();
            upkeep.startIdleCheck();
        }
    }

    /** Sends {@code frame} and completes with the reply frame, or fails with a {@link LoopwireClientException}. */
    CompletableFuture<byte[]> request(byte[] frame) {
        PendingRequest request = new PendingRequest(frame, true);
        submit(request);
        return request.result;
    }

    /** Sends {@code frame} expecting no reply; completes once it is queued on a connection. */
    CompletableFuture<Void> send(byte[] frame) {
        PendingRequest message = new PendingRequest(frame, false);
        submit(message);
        return message.result.thenApply(ignored -> null);
    }

    private void submit(PendingRequest request) {
        PooledConnection chosen;
        Runnable written = null;
        LoopwireClientException refused = null;
        synchronized (this) {
            if (!started) {
                start();
            }
            chosen = stopped ? null : leastLoaded(request.expectsReply);
            if (stopped) {
                refused = failures.stopped("the client is stopped", null);
            } else if (chosen != null) {
                chosen.take(request.expectsReply);
                written = write(chosen, request);
            } else if (open.isEmpty() && settings.failWhenDisconnected() && upkeep.consecutiveFailures() > 0) {
                refused = failures.disconnected(upkeep.lastFailure());
            } else {
                try {
                    await(request);
                } catch (RejectedExecutionException e) { // the application context is closing
                    waiters.remove(request);
                    refused = failures.stopped("the client threads are shut down", e);
                }
            }
        }
        if (refused != null) {
            request.result.completeExceptionally(refused);
        } else if (written != null) {
            written.run();
        }
    }

    /** The open connection with the fewest requests in flight and room for one more, or null. Holds the lock. */
    private PooledConnection leastLoaded(boolean needsRoom) {
        PooledConnection best = null;
        for (PooledConnection slot : open) {
            if (slot.connection.isOpen() && (!needsRoom || slot.inFlight < settings.maxInFlight())
                    && (best == null || slot.inFlight < best.inFlight)) {
                best = slot;
            }
        }
        return best;
    }

    /** Queues a request that found no room, with its bounded wait. Holds the lock. */
    private void await(PendingRequest request) {
        boolean forConnection = open.isEmpty();
        Duration wait = forConnection ? settings.connectTimeout() : settings.maxInFlightWait();
        waiters.add(request);
        request.waitTimer = scheduler.schedule(() -> waitExpired(request), Math.max(0, wait.toMillis()),
                TimeUnit.MILLISECONDS);
        upkeep.ensureConnections();
    }

    private void waitExpired(PendingRequest request) {
        LoopwireClientException failure;
        synchronized (this) {
            if (!waiters.remove(request)) {
                return; // dispatched meanwhile
            }
            failure = open.isEmpty() ? failures.noConnectionWithin(settings.connectTimeout(), upkeep.lastFailure())
                    : failures.noRoomWithin(open.size(), settings.maxInFlight(), settings.maxInFlightWait());
        }
        request.result.completeExceptionally(failure);
    }

    /**
     * Writes a request on a connection whose room it already took. Holds the lock, so requests leave in the
     * order they took their room (a request made while a waiter is being handed a new connection cannot
     * overtake it); queuing a frame never blocks. Returns what completes the request: run it without the lock.
     */
    private Runnable write(PooledConnection slot, PendingRequest request) {
        slot.touch();
        if (!request.expectsReply) {
            if (slot.connection.isOpen()) {
                slot.connection.sendFrame(request.frame);
                return () -> request.result.complete(null);
            }
            return () -> request.result.completeExceptionally(failures.connectionClosed(slot.closeReason, null));
        }
        CompletableFuture<byte[]> reply = slot.connection.request(request.frame);
        return () -> awaitReply(slot, request, reply);
    }

    /** Times the written request and completes it with its reply. Any thread, lock not held. */
    private void awaitReply(PooledConnection slot, PendingRequest request, CompletableFuture<byte[]> reply) {
        Timeout timer = slot.connection.connection().eventLoop().schedule(() -> timedOut(slot, request),
                settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((frame, failure) -> {
            timer.cancel();
            if (failure == null) {
                if (!slot.answered) {
                    slot.answered = true;
                    upkeep.answered();
                }
                request.result.complete(frame);
            } else {
                request.result.completeExceptionally(translate(slot, failure));
            }
            release(slot);
        });
    }

    /** Loop thread of the slot's connection: the reply did not come in time. */
    private void timedOut(PooledConnection slot, PendingRequest request) {
        if (request.result.completeExceptionally(failures.noReplyWithin(settings.requestTimeout()))) {
            slot.closeReason = "another request on it timed out";
            slot.connection.connection().closeNowInLoop(CloseReason.LOCAL); // later replies would answer the wrong requests
        }
    }

    private LoopwireClientException translate(PooledConnection slot, Throwable failure) {
        if (failure.getCause() instanceof FrameDecodingException bad) {
            slot.closeReason = "a reply frame could not be decoded";
            slot.connection.connection().runInLoopOrDrop(() -> slot.connection.connection().closeNowInLoop(CloseReason.LOCAL));
            return failures.malformedReply(bad);
        }
        synchronized (this) {
            if (stopped) {
                return failures.stopped("the client stopped before the reply arrived", failure);
            }
        }
        return failures.connectionClosed(slot.closeReason, failure);
    }

    /** A request of {@code slot} completed: frees its room and hands it to a waiting request. */
    private void release(PooledConnection slot) {
        List<Runnable> dispatches;
        CompletableFuture<Void> nowDrained = null;
        synchronized (this) {
            slot.inFlight--;
            slot.touch();
            dispatches = drainWaiters();
            if (stopped && drained != null && inFlight() == 0) {
                nowDrained = drained;
            }
        }
        dispatches.forEach(Runnable::run);
        if (nowDrained != null) {
            nowDrained.complete(null);
        }
    }

    /** Gives waiting requests the room there is now, oldest first. Holds the lock; run the result without it. */
    private List<Runnable> drainWaiters() {
        List<Runnable> dispatches = new ArrayList<>(0);
        while (!waiters.isEmpty() && !stopped) {
            PendingRequest next = waiters.peek();
            PooledConnection slot = leastLoaded(next.expectsReply);
            if (slot == null) {
                break;
            }
            waiters.poll();
            if (next.waitTimer != null) {
                next.waitTimer.cancel(false);
            }
            slot.take(next.expectsReply);
            dispatches.add(write(slot, next));
        }
        return dispatches;
    }

    /**
     * Stops the pool: new requests fail with {@link ClientStoppedException}, waiting ones too; requests in
     * flight get until {@code timeout} to complete, then the connections close and the rest fail. The
     * future completes when every connection is closed. Safe from any thread.
     */
    CompletableFuture<Void> stop(Duration timeout) {
        List<PendingRequest> refused;
        CompletableFuture<Void> inFlightDone;
        synchronized (this) {
            if (stopped) {
                return drained.thenApply(ignored -> null);
            }
            stopped = true;
            upkeep.stopIdleCheck();
            refused = takeWaiters();
            drained = new CompletableFuture<>();
            if (inFlight() == 0) {
                drained.complete(null);
            }
            inFlightDone = drained;
        }
        for (PendingRequest request : refused) {
            if (request.waitTimer != null) {
                request.waitTimer.cancel(false);
            }
            request.result.completeExceptionally(
                    failures.stopped("the client stopped before a connection had room for the request", null));
        }
        ScheduledFuture<?> deadline;
        try {
            deadline = scheduler.schedule(() -> inFlightDone.complete(null), Math.max(0, timeout.toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // no scheduler left to wait with: close now
            inFlightDone.complete(null);
            deadline = null;
        }
        ScheduledFuture<?> deadlineTimer = deadline;
        return inFlightDone.thenCompose(ignored -> {
            if (deadlineTimer != null) {
                deadlineTimer.cancel(false);
            }
            List<PooledConnection> slots;
            synchronized (this) {
                slots = List.copyOf(open);
            }
            CompletableFuture<?>[] closing = slots.stream().map(slot -> {
                slot.closeReason = "the client stopped";
                // requests still in flight here overran the timeout: close at once, failing them
                slot.connection.connection().runInLoopOrDrop(() -> slot.connection.connection().closeNowInLoop(CloseReason.LOCAL));
                return slot.connection.closeFuture();
            }).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(closing);
        });
    }

    /** Removes every waiting request and returns them, oldest first. Holds the lock. */
    private List<PendingRequest> takeWaiters() {
        List<PendingRequest> taken = new ArrayList<>(waiters);
        waiters.clear();
        return taken;
    }

    private int inFlight() {
        int sum = 0;
        for (PooledConnection slot : open) {
            sum += slot.inFlight;
        }
        return sum;
    }

    /** A snapshot for health, metrics and the endpoint. Safe from any thread. */
    synchronized PoolStats stats() {
        IOException lastFailure = upkeep.lastFailure();
        return new PoolStats(open.size(), upkeep.connecting(), inFlight(), waiters.size(),
                upkeep.consecutiveFailures(), lastFailure == null ? null : lastFailure.toString(), stopped);
    }

    /** This pool as its upkeep sees it: its lock and, with the lock held, its connections and waiters. */
    private final class UpkeepView implements PoolUpkeep.Pool {

        @Override
        public Object lock() {
            return ConnectionPool.this;
        }

        @Override
        public boolean stopped() {
            return stopped;
        }

        @Override
        public List<PooledConnection> open() {
            return open;
        }

        @Override
        public List<Runnable> drainWaiters() {
            return ConnectionPool.this.drainWaiters();
        }

        @Override
        public List<PendingRequest> takeWaiters() {
            return ConnectionPool.this.takeWaiters();
        }
    }
}
