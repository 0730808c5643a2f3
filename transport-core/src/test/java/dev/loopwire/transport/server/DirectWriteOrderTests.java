package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LineFraming;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Direct writes (business threads writing replies themselves) keep every connection's replies whole and in
 * request order, as the PEER sees them byte for byte: many pipelining connections on four business threads,
 * asynchronous replies completing on other threads, and large replies that fill the socket so direct writes
 * race the loop's flushes of earlier replies.
 */
class DirectWriteOrderTests {

    @Test
    void whenManyConnectionsPipelineOnFourBusinessThreadsThenEveryPeerReadsEveryReplyInOrder() throws Exception {
        ExecutorService completions = Executors.newFixedThreadPool(2);
        FrameHandler handler = (connection, frame) -> {
            String request = new String(frame, StandardCharsets.US_ASCII);
            byte[] reply = ("r " + request).getBytes(StandardCharsets.US_ASCII);
            if (request.hashCode() % 11 == 0) {
                return Reply.later(CompletableFuture.supplyAsync(() -> reply, completions)); // completes elsewhere
            }
            return Reply.of(reply);
        };
        TcpServer server = new TcpServer(TcpServerConfig.builder(handler).name("direct-order").host("127.0.0.1")
                .port(0).dispatch(Dispatch.POOL).ioThreads(2).businessThreads(4).build()).start();
        try {
            runPeers(server.port(), 24, 0, (c, i) -> 0);
            assertThat(server.stats().repliesWrittenDirect()).as("replies written by business threads").isPositive();
            assertThat(server.stats().directWriteFailures()).isZero();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
            completions.shutdownNow();
        }
    }

    @Test
    void whenLargeRepliesFillTheSocketThenDirectAndLoopWritesKeepEveryReplyWholeAndInOrder() throws Exception {
        FrameHandler handler = (connection, frame) -> Reply.of(bigReply(new String(frame, StandardCharsets.US_ASCII)));
        TcpServer server = new TcpServer(TcpServerConfig.builder(handler).name("direct-large").host("127.0.0.1")
                .port(0).framing(LineFraming.defaults().maxLineLength(512 * 1024)).dispatch(Dispatch.POOL)
                .ioThreads(2).businessThreads(4).writeWatermarks(256 * 1024, 512 * 1024)
                // a small send buffer: a big reply never fits whole, so direct writes leave rests to the loop
                .socketOptions(new SocketOptions(true, false, 0, 32 * 1024)).build()).start();
        try {
            // a third of the replies are 20..150 KiB, the rest a few bytes: small ones right behind big ones
            runPeers(server.port(), 6, 16 * 1024, (c, i) -> ThreadLocalRandom.current().nextInt(3) == 0
                    ? ThreadLocalRandom.current().nextInt(20_000, 150_000) : ThreadLocalRandom.current().nextInt(1, 40));
            assertThat(server.stats().directWritesPartial()).as("direct writes the socket did not take whole")
                    .isPositive();
            assertThat(server.stats().directWritesDeferred()).as("batches that found the queue busy").isPositive();
            assertThat(server.stats().repliesWrittenDirect()).isPositive();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void whenMediumRepliesFillTheStagingBufferAndTheSocketThenEveryReplyArrivesWholeAndInOrder() throws Exception {
        // 0.1..3 KB replies: a business thread's 16 KiB staging buffer takes a few, the socket part of them
        FrameHandler handler = (connection, frame) -> Reply.of(bigReply(new String(frame, StandardCharsets.US_ASCII)));
        TcpServer server = new TcpServer(TcpServerConfig.builder(handler).name("direct-staged").host("127.0.0.1")
                .port(0).dispatch(Dispatch.POOL).ioThreads(2).businessThreads(4)
                .socketOptions(new SocketOptions(true, false, 0, 32 * 1024)).build()).start();
        try {
            runPeers(server.port(), 6, 16 * 1024, (c, i) -> ThreadLocalRandom.current().nextInt(100, 3_000));
            assertThat(server.stats().repliesWrittenDirect()).isPositive();
            assertThat(server.stats().directWriteFailures()).isZero();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    /** The size of the reply to request {@code i} of connection {@code c}, 0 for an echo. */
    interface ReplySizes {
        int size(int connection, int sequence);
    }

    /**
     * Runs {@code connections} peers at once; each writes its requests in random bursts (pipelining) while
     * its reader checks every reply byte for byte and in order. With a small receive buffer (large replies) a
     * peer keeps at most 16 requests unanswered, so new batches keep arriving while earlier replies are still
     * being written.
     */
    private static void runPeers(int port, int connections, int receiveBuffer, ReplySizes sizes) throws Exception {
        int frames = receiveBuffer > 0 ? 300 : 3_000;
        int window = receiveBuffer > 0 ? 16 : frames;
        ExecutorService threads = Executors.newFixedThreadPool(connections * 2);
        try {
            List<Future<?>> readers = new ArrayList<>();
            List<Future<?>> writers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                LinePeer peer = LinePeer.connect(port, receiveBuffer);
                String[] requests = new String[frames];
                Semaphore unanswered = new Semaphore(window);
                for (int i = 0; i < frames; i++) {
                    int size = sizes.size(connection, i);
                    requests[i] = size == 0 ? connection + " " + i : connection + " " + i + " " + size;
                }
                writers.add(threads.submit(() -> {
                    int i = 0;
                    while (i < frames) {
                        StringBuilder burst = new StringBuilder();
                        int end = Math.min(frames, i + ThreadLocalRandom.current().nextInt(1, Math.min(64, window)));
                        unanswered.acquire(end - i);
                        for (; i < end; i++) {
                            burst.append(requests[i]).append('\n');
                        }
                        peer.write(burst.toString());
                    }
                    return null;
                }));
                readers.add(threads.submit(() -> {
                    try (peer) {
                        for (int i = 0; i < frames; i++) {
                            String line = peer.readLine();
                            String expected = requests[i].split(" ").length == 2 ? "r " + requests[i]
                                    : new String(bigReply(requests[i]), StandardCharsets.US_ASCII);
                            assertThat(line).as("connection %d reply %d", connection, i).isNotNull();
                            if (!line.equals(expected)) {
                                throw new AssertionError("connection " + connection + " reply " + i + ": expected "
                                        + abbreviate(expected) + " but got " + abbreviate(line));
                            }
                            unanswered.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get(120, TimeUnit.SECONDS); // first: a wrong reply fails here, while its writer may wait
            }
            for (Future<?> writer : writers) {
                writer.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** For "c i size": "c i " then {@code size} copies of one letter that depends on i. */
    private static byte[] bigReply(String request) {
        String[] parts = request.split(" ");
        int sequence = Integer.parseInt(parts[1]);
        int size = Integer.parseInt(parts[2]);
        byte[] prefix = (parts[0] + " " + parts[1] + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] reply = new byte[prefix.length + size];
        System.arraycopy(prefix, 0, reply, 0, prefix.length);
        java.util.Arrays.fill(reply, prefix.length, reply.length, (byte) ('a' + sequence % 26));
        return reply;
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...(" + line.length() + " chars)";
    }
}
