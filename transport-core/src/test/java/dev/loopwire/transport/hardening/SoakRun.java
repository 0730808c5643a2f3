package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.ERROR_REPLIES;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A mixed-load soak against one pool-dispatch server: well-behaved pipelining clients (with handler
 * failures and asynchronous replies among their requests), and peers that reset mid-frame, half-close,
 * connect and leave, or close without reading their replies. Every reply a well-behaved client gets is
 * checked. {@link #run} returns what it saw; the caller checks that the gauges, heap, threads and direct
 * buffers came back to their baseline.
 */
final class SoakRun implements AutoCloseable {

    /**
     * What a soak saw.
     *
     * @param sessions        client sessions run
     * @param requests        requests answered and checked
     * @param failures        descriptions of anything that went wrong (empty when all was well)
     */
    record Result(long sessions, long requests, List<String> failures) {
    }

    /**
     * Resource figures of the test JVM.
     *
     * @param liveHeapBytes live objects on the heap after a full collection
     * @param threads       live threads
     * @param directBytes   memory used by direct buffers
     */
    record Footprint(long liveHeapBytes, int threads, long directBytes) {

        static Footprint now() {
            long direct = 0;
            for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) {
                    direct = pool.getMemoryUsed();
                }
            }
            return new Footprint(Hardening.heapAfterFullGc(),
                    ManagementFactory.getThreadMXBean().getThreadCount(), direct);
        }
    }

    private static final int WORKERS = 4;
    /** the server's idle timeout; also how long the cancelled idle timers of closed connections stay queued */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

    private final TcpServer server;
    private final TcpClient client;

    SoakRun() {
        server = new TcpServer(TcpServerConfig.builder((connection, frame) -> {
            String text = new String(frame, StandardCharsets.US_ASCII);
            if (text.startsWith("throw")) {
                throw new IllegalStateException(text);
            }
            if (text.startsWith("later")) {
                return Reply.later(CompletableFuture.supplyAsync(() -> frame));
            }
            return Reply.of(frame);
        }).name("soak").host("127.0.0.1").dispatch(Dispatch.POOL).failurePolicy(ERROR_REPLIES).ioThreads(2)
                .businessThreads(4).maxConnections(500).idleTimeout(IDLE_TIMEOUT).build()).start();
        client = TcpClient.create(2, LineFraming.defaults());
    }

    TcpServer server() {
        return server;
    }

    /** Runs {@value #WORKERS} workers doing random sessions for {@code duration}. */
    Result run(Duration duration, long seed) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        LongAdder sessions = new LongAdder();
        LongAdder requests = new LongAdder();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            SplittableRandom random = new SplittableRandom(seed + w);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < deadline && failures.size() < 10) {
                    try {
                        requests.add(session(random));
                    } catch (Exception | AssertionError e) {
                        failures.add(e.toString());
                    }
                    sessions.increment();
                }
            }, "soak-worker-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(duration.toMillis() + 60_000);
        }
        return new Result(sessions.sum(), requests.sum(), List.copyOf(failures));
    }

    /** One random session; returns the number of replies checked. */
    private long session(SplittableRandom random) throws Exception {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return pipelined(random);
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            switch (kind) {
                case 5 -> { // reset in the middle of a frame
                    out.write(lines(random.nextInt(20), "reset").getBytes(StandardCharsets.US_ASCII));
                    out.write("partial-fra".getBytes(StandardCharsets.US_ASCII));
                    socket.setSoLinger(true, 0);
                }
                case 6 -> { // half-close: every reply still arrives, then the close
                    int count = 1 + random.nextInt(50);
                    String sent = lines(count, "half");
                    out.write(sent.getBytes(StandardCharsets.US_ASCII));
                    socket.shutdownOutput();
                    String got = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    if (!got.equals(sent)) {
                        throw new AssertionError("half-close replies differ: sent " + sent.length() + " bytes, got "
                                + got.length());
                    }
                    return count;
                }
                case 7 -> { // requests, then gone without reading the replies
                    out.write(lines(1 + random.nextInt(200), "gone").getBytes(StandardCharsets.US_ASCII));
                }
                case 8 -> { // end of input in the middle of a frame
                    out.write("one\nhalf a li".getBytes(StandardCharsets.US_ASCII));
                    socket.shutdownOutput();
                    drain(socket.getInputStream());
                }
                default -> { // connect and leave
                }
            }
        }
        return 0;
    }

    /** A well-behaved client: pipelines echo, failing and asynchronous requests and checks each reply. */
    private long pipelined(SplittableRandom random) throws Exception {
        ClientConnection connection = client.connect("127.0.0.1", server.port());
        try {
            int count = 1 + random.nextInt(100);
            List<CompletableFuture<byte[]>> replies = new ArrayList<>(count);
            List<String> expected = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(50);
                String request = (pick == 0 ? "throw-" : pick < 10 ? "later-" : "echo-") + i;
                replies.add(connection.request(request.getBytes(StandardCharsets.US_ASCII)));
                expected.add(pick == 0 ? "ERR handler " + request : request);
            }
            for (int i = 0; i < count; i++) {
                String got = new String(replies.get(i).get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII);
                if (!got.equals(expected.get(i))) {
                    throw new AssertionError("reply " + i + " was '" + got + "', expected '" + expected.get(i) + "'");
                }
            }
            return count;
        } finally {
            connection.closeGracefully().get(10, TimeUnit.SECONDS);
        }
    }

    private static String lines(int count, String prefix) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(prefix).append('-').append(i).append('\n');
        }
        return text.toString();
    }

    private static void drain(InputStream in) throws IOException {
        try {
            in.readAllBytes();
        } catch (SocketException reset) {
            // closed either way
        }
    }

    @Override
    public void close() {
        client.close();
        server.shutdownGracefully(Duration.ofSeconds(5)).join();
    }
}
