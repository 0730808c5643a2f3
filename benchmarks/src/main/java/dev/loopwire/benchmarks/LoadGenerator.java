package dev.loopwire.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Closed-loop echo load generator on plain Java NIO.
 *
 * <p>Opens {@code N} connections to 127.0.0.1:port, spreads them over
 * {@link LoadOptions#clientThreads()} selector threads, keeps {@code P} requests outstanding on
 * each, and checks every reply for content and per-connection order (see
 * {@link LoadConnection}). Latency is measured from queueing a request to decoding its reply,
 * so with {@code P > 1} it includes the time a request waits behind the ones before it.
 *
 * <p>Stateless: one instance may run many times, but runs are blocking and one at a time per
 * calling thread.
 */
public final class LoadGenerator {

    /** A peer that does not accept a connection within this time fails the run (instead of the OS's minutes). */
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    /**
     * Runs one scenario against a peer already listening on {@code port}.
     *
     * @param peer     the peer's name, copied into the result
     * @param port     the peer's port on 127.0.0.1
     * @param scenario connections, depth, payload size and framing
     * @param options  warm-up, duration, client threads, drain timeout
     * @return counts, latency and errors of the measurement window
     * @throws IOException if the connections cannot be opened
     */
    public RunResult run(String peer, int port, Scenario scenario, LoadOptions options)
            throws IOException, InterruptedException {
        return run(peer, port, scenario, options, null);
    }

    /**
     * Same, over TLS when {@code tls} is not null: each connection's handshake runs (blocking) before
     * the clock starts, so the figures are steady-state encrypted echo, not handshakes.
     */
    public RunResult run(String peer, int port, Scenario scenario, LoadOptions options, BenchTls tls)
            throws IOException, InterruptedException {
        return run(peer, port, scenario, options, tls, null);
    }

    /**
     * Same, also measuring the server's CPU time over the measurement window: {@code serverCpuNanos} is read
     * (on the calling thread) when the window opens and when it closes.
     *
     * @param serverCpuNanos the server process's CPU time so far, -1 when unknown; null not to measure
     */
    public RunResult run(String peer, int port, Scenario scenario, LoadOptions options, BenchTls tls,
            LongSupplier serverCpuNanos) throws IOException, InterruptedException {
        return run(peer, port, scenario, options, tls, serverCpuNanos, null);
    }

    /**
     * Same, writing {@code prefix}'s bytes before each request's payload (the threading-models lab's
     * commands, line framing); the peer answers with the payload alone.
     *
     * @param prefix what to write before each payload; null for plain echo
     */
    public RunResult run(String peer, int port, Scenario scenario, LoadOptions options, BenchTls tls,
            LongSupplier serverCpuNanos, RequestPrefix prefix) throws IOException, InterruptedException {
        List<ClientLoop> loops = new ArrayList<>();
        for (int i = 0; i < options.clientThreads(); i++) {
            loops.add(new ClientLoop());
        }
        List<SocketChannel> opened = new ArrayList<>();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < scenario.connections(); i++) {
                SocketChannel channel = SocketChannel.open();
                opened.add(channel);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
                TlsChannel secure = tls == null ? null : TlsChannel.handshake(channel, tls.newClientEngine(port),
                        scenario.framing().frameSize(scenario.payloadSize()) * scenario.depth());
                channel.configureBlocking(false);
                loops.get(i % loops.size()).add(new LoadConnection(channel, secure, scenario, prefix));
            }
        } catch (IOException | RuntimeException e) {
            for (SocketChannel channel : opened) {
                channel.close();
            }
            loops.forEach(ClientLoop::abandon);
            throw e;
        }

        long start = System.nanoTime();
        long measureStart = start + options.warmup().toNanos();
        long measureEnd = measureStart + options.duration().toNanos();
        long drainDeadline = measureEnd + options.drainTimeout().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            ClientLoop loop = loops.get(i);
            loop.schedule(measureStart, measureEnd, drainDeadline);
            Thread thread = new Thread(loop, "loadgen-" + peer + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long cpuAtStart = -1;
        long cpuAtEnd = -1;
        if (serverCpuNanos != null) {
            sleepUntil(measureStart);
            cpuAtStart = serverCpuNanos.getAsLong();
            sleepUntil(measureEnd);
            cpuAtEnd = serverCpuNanos.getAsLong();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        ClientStats total = new ClientStats();
        long missing = 0;
        for (ClientLoop loop : loops) {
            if (loop.failure() != null) {
                throw new IOException("load generator thread failed", loop.failure());
            }
            loop.stats().mergeInto(total);
            missing += loop.outstanding();
        }
        return new RunResult(peer, scenario, measureEnd - measureStart, total.replies, total.latency,
                total.errors, total.reorders, missing, total.lostConnections, total.firstError,
                cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
