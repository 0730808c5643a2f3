package dev.loopwire.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Estimates the Java heap a peer keeps per idle connection.
 *
 * <p>Method (client and server share this JVM, so the client's own objects must come out):
 * <ol>
 *   <li><b>Settled heap</b>: {@code System.gc()} repeatedly (up to 10 times) until two readings
 *       of {@link MemoryMXBean#getHeapMemoryUsage()}{@code .getUsed()} agree within 64 KiB; the
 *       smallest reading is used.</li>
 *   <li><b>Baseline</b>: a {@link HoldingServer} (plain {@code ServerSocketChannel} that accepts
 *       and holds, never reads). Settled heap before and after opening K blocking client
 *       connections to it, divided by K = the client's per-connection heap plus a bare accepted
 *       {@code SocketChannel}.</li>
 *   <li><b>Peer</b>: start it (line framing), open one warm connection and echo once on it (so
 *       lazily built classes, pools and threads exist before the first reading), take the settled
 *       heap, open K connections and echo one 16-byte request on each (which proves the peer
 *       accepted, registered and served it), take the settled heap again. Difference / K is the
 *       gross figure; gross minus baseline is the <em>net</em> per-connection heap the peer adds
 *       on top of the minimum any NIO server holds.</li>
 * </ol>
 * All lists and buffers the client uses are allocated before the first reading. Only heap is
 * measured: direct memory (e.g. Netty's pooled direct arenas) is not. K is limited by the file
 * descriptor limit: each connection costs two descriptors here (client and server end); see
 * {@link #defaultConnections()}.
 */
public final class HeapPerConnection {

    /** Bounded time for opening and echoing on all K connections. */
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(2);

    private static final int PING_SIZE = Payloads.MIN_SIZE;

    /**
     * One peer's figures.
     *
     * @param peer                   peer name (or "baseline")
     * @param connections            K
     * @param grossBytesPerConnection settled heap growth / K, client side included
     * @param netBytesPerConnection  gross minus the baseline's gross
     */
    public record Measurement(String peer, int connections, double grossBytesPerConnection,
            double netBytesPerConnection) {

        /** One markdown table row. */
        public String toMarkdownRow() {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f |", peer, connections,
                    grossBytesPerConnection, netBytesPerConnection);
        }
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /**
     * Up to 10,000 connections, fewer if the descriptor limit needs it: (max - open - 512) / 2,
     * because both ends live in this process.
     */
    public static int defaultConnections() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 512;
            return (int) Math.max(10, Math.min(10_000, free / 2));
        }
        return 1_000;
    }

    /** Measures the baseline, then each peer of the catalog; returns baseline first. */
    public List<Measurement> measureAll(EchoPeers catalog, int connections) throws Exception {
        List<Measurement> results = new ArrayList<>();
        Measurement baseline = measureBaseline(connections);
        results.add(baseline);
        for (String name : catalog.names()) {
            results.add(measure(catalog.create(name), connections, baseline.grossBytesPerConnection()));
        }
        return results;
    }

    /** Client plus bare accepted channel, per connection, against a {@link HoldingServer}. */
    public Measurement measureBaseline(int connections) throws Exception {
        List<SocketChannel> clients = new ArrayList<>(connections);
        try (HoldingServer server = new HoldingServer(connections + 1)) {
            long before = settledHeapUsed();
            openAll(server.port(), connections, clients, null);
            long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
            while (server.accepted() < connections) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("holding server accepted only " + server.accepted());
                }
                LockSupport.parkNanos(1_000_000);
            }
            long after = settledHeapUsed();
            double gross = (after - before) / (double) connections;
            return new Measurement("baseline (client + bare accepted channel)", connections, gross, 0);
        } finally {
            closeAll(clients);
        }
    }

    /**
     * Measures one peer; the peer is started and closed here.
     *
     * @param baselineBytesPerConnection {@link #measureBaseline}'s gross figure
     */
    public Measurement measure(EchoPeer peer, int connections, double baselineBytesPerConnection) throws Exception {
        List<SocketChannel> clients = new ArrayList<>(connections + 1);
        Pinger pinger = new Pinger();
        try (peer) {
            int port = peer.start(BenchFraming.LINE, Scenario.MAX_FRAME_LENGTH);
            openAll(port, 1, clients, pinger);
            long before = settledHeapUsed();
            openAll(port, connections, clients, pinger);
            long after = settledHeapUsed();
            double gross = (after - before) / (double) connections;
            return new Measurement(peer.name(), connections, gross, gross - baselineBytesPerConnection);
        } finally {
            closeAll(clients);
        }
    }

    /** Settled used heap, see the class comment. */
    long settledHeapUsed() {
        long best = Long.MAX_VALUE;
        long previous = -1;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            best = Math.min(best, used);
            if (previous >= 0 && Math.abs(used - previous) < 64 * 1024) {
                break;
            }
            previous = used;
        }
        return best;
    }

    /** Opens {@code count} blocking connections (echoing once on each if a pinger is given). */
    private static void openAll(int port, int count, List<SocketChannel> clients, Pinger pinger) throws Exception {
        Exception[] failure = new Exception[1];
        Thread opener = new Thread(() -> {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            try {
                for (int i = 0; i < count; i++) {
                    SocketChannel channel = SocketChannel.open(address);
                    clients.add(channel);
                    if (pinger != null) {
                        pinger.ping(channel);
                    }
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "heap-opener");
        opener.start();
        opener.join(OPEN_TIMEOUT.toMillis());
        if (opener.isAlive()) {
            opener.interrupt(); // blocking channel I/O is interruptible: the stuck channel closes
            opener.join();
            throw new IllegalStateException("opening " + count + " connections took longer than " + OPEN_TIMEOUT);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void closeAll(List<SocketChannel> clients) {
        for (SocketChannel channel : clients) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing useful to do
            }
        }
        clients.clear();
    }

    /** Sends one line-framed request and reads its echo; buffers allocated once, up front. */
    private static final class Pinger {
        private final Payloads payloads = new Payloads(PING_SIZE);
        private final ByteBuffer request = ByteBuffer.allocateDirect(PING_SIZE + 1);
        private final ByteBuffer reply = ByteBuffer.allocate(PING_SIZE + 1);
        private long seq;

        void ping(SocketChannel channel) throws IOException {
            request.clear();
            payloads.write(request, seq);
            request.put((byte) '\n').flip();
            while (request.hasRemaining()) {
                channel.write(request);
            }
            reply.clear();
            while (reply.hasRemaining()) {
                if (channel.read(reply) < 0) {
                    throw new IOException("peer closed the connection during the ping");
                }
            }
            if (!payloads.matches(reply.array(), 0, PING_SIZE, seq) || reply.get(PING_SIZE) != '\n') {
                throw new IOException("wrong echo for ping " + seq);
            }
            seq++;
        }
    }

    /**
     * Prints the heap table. Arguments: {@code [K] [peer,peer,...]}; K defaults to
     * {@link #defaultConnections()}.
     */
    public static void main(String[] args) throws Exception {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : defaultConnections();
        EchoPeers catalog = EchoPeers.defaults().select(args.length > 1 ? List.of(args[1].split(",")) : null);
        System.out.println(toMarkdown(new HeapPerConnection().measureAll(catalog, k)));
    }

    /** Measurements as a markdown table. */
    public static String toMarkdown(List<Measurement> measurements) {
        StringBuilder md = new StringBuilder("| peer | idle connections | heap bytes/conn (gross) | net of baseline |\n")
                .append("|---|---:|---:|---:|\n");
        for (Measurement m : measurements) {
            md.append(m.toMarkdownRow()).append('\n');
        }
        return md.toString();
    }
}
