package dev.loopwire.transport.hardening;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.codec.FrameDecodingException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the hardening tests: an error-reply policy, socket reads, and memory figures. */
final class Hardening {

    /** Replies "ERR handler &lt;message&gt;" to handler failures and "ERR &lt;reason&gt;" to bad frames. */
    static final FailurePolicy ERROR_REPLIES = new FailurePolicy() {
        @Override
        public byte[] onHandlerFailure(Connection connection, Throwable failure) {
            return ("ERR handler " + failure.getMessage()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
            return ("ERR " + failure.error().tag()).getBytes(StandardCharsets.UTF_8);
        }
    };

    private Hardening() {
    }

    /** Prints a measured figure, marked so it is easy to find in the build output. */
    static void report(String format, Object... args) {
        System.out.println("[figure] " + String.format(format, args));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads until the peer closes (end of stream or reset) and returns what arrived as ISO-8859-1 text;
     * fails with {@link SocketTimeoutException} if the socket stays open past its SO_TIMEOUT.
     */
    static String readUntilClosed(Socket socket) throws IOException {
        StringBuilder text = new StringBuilder();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (SocketException reset) {
            // a close with unread input turns into a reset: the connection is closed all the same
        }
        return text.toString();
    }

    /** True once the peer has closed: a read returns end of stream or a reset (waits up to SO_TIMEOUT). */
    static boolean closedByPeer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * Bytes of live objects on the heap of the JVM {@code pid}, from {@code jcmd <pid> GC.class_histogram}:
     * it runs a full collection and counts only reachable objects, so it is far steadier than the
     * heap-usage figure (which moves by megabytes with allocation buffers).
     */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path output = Files.createTempFile("histogram-", ".txt");
        Process histogram = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!histogram.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("jcmd GC.class_histogram did not finish within 60 s");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(lines.size() - 1).trim().startsWith("Total")) {
                throw new IOException("jcmd GC.class_histogram failed: " + lines);
            }
            String[] total = lines.get(lines.size() - 1).trim().split("\\s+");
            return Long.parseLong(total[2]);
        } finally {
            histogram.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /**
     * Heap of this JVM in use right after a full collection: {@code System.gc()}, then the sum of every
     * heap pool's usage as the collector left it (the collection usage, which later allocation does not
     * move). In-process, so it needs no attach.
     */
    static long heapAfterFullGc() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    /**
     * Bytes allocated so far by the live threads whose name starts with {@code prefix} (the loops of one
     * server, e.g. {@code loopwire-name-io}), from the JVM's per-thread allocation counters.
     */
    static long allocatedBytesOfThreads(String prefix) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix)) {
                total += threads.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }
}
