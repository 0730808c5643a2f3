package dev.loopwire.benchmarks.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lab-only model, never product code: <b>leader/follower</b> over one NIO {@link Selector}.
 *
 * <p>A pool of {@code threads} threads takes turns: the one holding {@link #leadership} is the leader and
 * the only thread that selects; the others (followers) wait for the lock. When the leader gets a
 * connection event it deactivates that connection ({@code interestOps(0)}, so no later leader picks it up
 * while it is being served), releases the lock, which promotes a follower to leader, and then handles the
 * event itself, with no hand-off of the data to another thread: it reads, runs the handlers of every
 * complete line in order, and writes the replies. Then it reactivates the connection and rejoins: as
 * leader at once if nobody leads ({@code tryLock}), else as a follower after waking the selecting leader,
 * because a Java selector only applies interest changes when its select starts again (the wake-up per
 * event is the price of leader/follower on Java NIO; a native server would use epoll's
 * {@code EPOLLONESHOT} and re-arm without waking anyone). Accepting is done by the leader in place.
 *
 * <p>Order per connection holds because at most one thread serves a connection at a time (deactivated
 * while served) and it answers the lines of one read in order. Connection state is guarded by the
 * connection's own monitor, taken by the single thread serving it, so it is also visible to the next one.
 */
public final class LeaderFollowerServer implements LabServer {

    private final int threads;
    private final ReentrantLock leadership = new ReentrantLock();
    private final List<Thread> workers = new ArrayList<>();
    /** Events handled per thread name: lets tests see that leadership moved between threads. */
    private final Map<String, LongAdder> handledBy = new ConcurrentHashMap<>();
    private Selector selector;
    private ServerSocketChannel listener;
    /** Selected keys not yet taken; leader only (guarded by {@link #leadership}). */
    private Iterator<SelectionKey> ready;
    private volatile boolean closed;

    /** @param threads size of the leader/follower pool (at least 1) */
    public LeaderFollowerServer(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a leader/follower pool needs at least 1 thread, was " + threads);
        }
        this.threads = threads;
    }

    @Override
    public int start() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "lf-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Events handled so far by each pool thread (Safe from any thread; a snapshot). */
    Map<String, Long> eventsHandledBy() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        handledBy.forEach((name, count) -> copy.put(name, count.sum()));
        return copy;
    }

    /** A pool thread: lead, hand leadership over with an event in hand, serve it, rejoin. */
    private void work() {
        try {
            leadership.lockInterruptibly();
            while (!closed) {
                SelectionKey key;
                try {
                    key = nextEventAsLeader();
                } finally {
                    leadership.unlock(); // promotes a follower
                }
                if (key == null) {
                    return;
                }
                serve(key);
                handledBy.computeIfAbsent(Thread.currentThread().getName(), n -> new LongAdder()).increment();
                if (leadership.tryLock()) {
                    reactivate(key); // leader again at once: our next select applies the change
                } else {
                    reactivate(key);
                    selector.wakeup(); // the leader is (or will be) in select: make it apply the change
                    leadership.lockInterruptibly();
                }
            }
        } catch (InterruptedException | ClosedSelectorException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("leader/follower: " + Thread.currentThread().getName() + " failed: " + e);
            }
        }
    }

    /** Leader only: selects until a connection has an event; accepts new connections meanwhile. Null when closed. */
    private SelectionKey nextEventAsLeader() throws IOException {
        while (!closed) {
            if (ready == null || !ready.hasNext()) {
                selector.select();
                ready = selector.selectedKeys().iterator();
                continue;
            }
            SelectionKey key = ready.next();
            ready.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.channel() == listener) {
                acceptAll();
                continue;
            }
            key.interestOps(0); // deactivated until served
            return key;
        }
        return null;
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new LineConnection(channel));
        }
    }

    private static void reactivate(SelectionKey key) {
        try {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed meanwhile
        }
    }

    /** Serves one read event of a deactivated connection on the calling (former leader) thread. */
    private void serve(SelectionKey key) throws InterruptedException {
        LineConnection connection = (LineConnection) key.attachment();
        synchronized (connection) {
            try {
                if (!connection.readAndAnswer()) {
                    key.cancel();
                    connection.close();
                }
            } catch (IOException e) {
                key.cancel();
                connection.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (selector == null) {
            return;
        }
        workers.forEach(Thread::interrupt);
        selector.wakeup();
        for (Thread worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | java.nio.channels.ClosedSelectorException ignored) {
            // closing: nothing useful to do
        }
    }

    /**
     * One connection's buffers and the line loop shared by the NIO lab models that handle on the reading
     * thread. Not thread-safe: one thread at a time (the caller guarantees it).
     */
    static final class LineConnection {

        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

        LineConnection(SocketChannel channel) {
            this.channel = channel;
        }

        /**
         * Reads once, answers every complete line in order and writes the replies.
         *
         * @return false when the connection must be closed (end of stream, or a line longer than the buffer)
         */
        boolean readAndAnswer() throws IOException, InterruptedException {
            if (channel.read(in) < 0) {
                return false;
            }
            in.flip();
            byte[] bytes = in.array();
            int start = in.position();
            for (int i = start; i < in.limit(); i++) {
                if (bytes[i] == '\n') {
                    LabRequest request = LabRequest.decode(bytes, start, i - start);
                    out.write(request.perform());
                    out.write('\n');
                    start = i + 1;
                }
            }
            in.position(start);
            in.compact();
            if (!in.hasRemaining()) {
                return false; // a line longer than the buffer is not the lab protocol
            }
            if (out.size() > 0) {
                writeFully(channel, ByteBuffer.wrap(out.toByteArray()));
                out.reset();
            }
            return true;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing useful to do
            }
        }
    }

    /**
     * Writes all of {@code buffer} to a non-blocking channel, parking 50 µs whenever the socket's send
     * buffer is full. The lab's closed-loop client never has more than {@code depth} requests outstanding,
     * so this only waits when a client stops reading; the lab models accept that, product code would not.
     */
    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                LockSupport.parkNanos(50_000);
                if (!channel.isOpen()) {
                    throw new java.nio.channels.ClosedChannelException();
                }
            }
        }
    }
}
