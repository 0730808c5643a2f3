package dev.loopwire.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load-generator thread: a Selector over its share of the connections.
 *
 * <p>Phases, by {@link System#nanoTime()}: until {@code measureStart} warm-up (replies checked,
 * not counted); until {@code measureEnd} measurement; then no new requests are sent and the loop
 * drains outstanding replies until none are left or {@code drainDeadline} passes.
 *
 * <p>Connections are added by the generator thread before {@link #run()} starts; after that,
 * everything here is touched by the loop thread only, and the stats are read after joining it.
 */
final class ClientLoop implements Runnable {

    private final Selector selector;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final ClientStats stats = new ClientStats();

    private long measureStart;
    private long measureEnd;
    private long drainDeadline;

    /** Set if the loop itself failed (not a connection); the generator rethrows it. */
    private volatile Exception failure;

    ClientLoop() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a connected, non-blocking connection (before {@link #run()}). */
    void add(LoadConnection connection) throws ClosedChannelException {
        SelectionKey key = connection.channel().register(selector, SelectionKey.OP_READ, connection);
        connection.register(key);
        connections.add(connection);
    }

    /** Closes connections and selector of a loop that will never run (setup failed). */
    void abandon() {
        for (LoadConnection connection : connections) {
            connection.close();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing: nothing useful to do
        }
    }

    /** Sets the phase deadlines (before {@link #run()}). */
    void schedule(long measureStartNanos, long measureEndNanos, long drainDeadlineNanos) {
        this.measureStart = measureStartNanos;
        this.measureEnd = measureEndNanos;
        this.drainDeadline = drainDeadlineNanos;
    }

    /** The loop's own failure, or {@code null}. */
    Exception failure() {
        return failure;
    }

    ClientStats stats() {
        return stats;
    }

    /** Requests still unanswered, on open and closed connections alike. */
    long outstanding() {
        long total = 0;
        for (LoadConnection connection : connections) {
            total += connection.outstanding();
        }
        return total;
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            for (LoadConnection connection : connections) {
                connection.fillWindow(now);
                flush(connection);
            }
            while (true) {
                now = System.nanoTime();
                long timeoutMillis;
                if (now < measureEnd) {
                    timeoutMillis = TimeUnit.NANOSECONDS.toMillis(measureEnd - now);
                } else {
                    if (now >= drainDeadline || outstandingOnOpenConnections() == 0) {
                        break;
                    }
                    timeoutMillis = TimeUnit.NANOSECONDS.toMillis(drainDeadline - now);
                }
                selector.select(this::onReady, Math.max(1, Math.min(timeoutMillis, 100)));
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            for (LoadConnection connection : connections) {
                connection.close();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing: nothing useful to do
            }
        }
    }

    private void onReady(SelectionKey key) {
        LoadConnection connection = (LoadConnection) key.attachment();
        try {
            if (key.isReadable()) {
                long now = System.nanoTime();
                boolean inWindow = now >= measureStart && now < measureEnd;
                if (!connection.read(now, inWindow, stats)) {
                    lose(connection);
                    return;
                }
                if (now < measureEnd) {
                    connection.fillWindow(now);
                }
            }
            connection.flush();
        } catch (IOException e) {
            stats.error("I/O error: " + e);
            lose(connection);
        }
    }

    private void flush(LoadConnection connection) {
        try {
            connection.flush();
        } catch (IOException e) {
            stats.error("I/O error: " + e);
            lose(connection);
        }
    }

    private void lose(LoadConnection connection) {
        if (!connection.isClosed()) {
            stats.lostConnections++;
            connection.close();
        }
    }

    private long outstandingOnOpenConnections() {
        long total = 0;
        for (LoadConnection connection : connections) {
            if (!connection.isClosed()) {
                total += connection.outstanding();
            }
        }
        return total;
    }
}
