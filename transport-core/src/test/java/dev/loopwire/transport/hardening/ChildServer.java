package dev.loopwire.transport.hardening;

import dev.loopwire.transport.Dispatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ChildServerMain} in a child JVM started through {@code bash -c 'ulimit -n N; exec java ...'}
 * (so the limit applies to that JVM alone, and its PID is the one we started), and talks to it over its
 * stdin/stdout. {@link #close()} quits it and, failing that, destroys it by its PID.
 */
final class ChildServer implements AutoCloseable {

    /**
     * Counters the child reports.
     *
     * @param active         open connections
     * @param opened         connections admitted so far
     * @param acceptFailures accept failures (back-offs) so far
     * @param frames         frames received
     * @param closed         connections closed so far
     */
    record Stats(int active, long opened, long acceptFailures, long frames, long closed) {
    }

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int port;

    private ChildServer(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        String first = readLine(Duration.ofSeconds(60));
        if (first == null || !first.startsWith("PORT ")) {
            throw new IOException("child server did not start; said: " + first);
        }
        this.port = Integer.parseInt(first.substring(5).trim());
    }

    /**
     * Starts the child with at most {@code fileLimit} open file descriptors and {@code heap} max heap.
     * Its stderr goes to {@code target/child-server-<pid>.log}.
     */
    static ChildServer start(int fileLimit, String heap, Dispatch dispatch, int maxConnections, int ioThreads)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> javaCommand = new ArrayList<>(List.of(quote(java), "-Xmx" + heap, "-ea", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", quote(System.getProperty("java.class.path")), ChildServerMain.class.getName(),
                dispatch.name(), Integer.toString(maxConnections), Integer.toString(ioThreads)));
        String script = "ulimit -n " + fileLimit + " && exec " + String.join(" ", javaCommand);
        Path log = Files.createTempFile(Path.of("target"), "child-server-", ".log");
        Process process = new ProcessBuilder("bash", "-c", script)
                .redirectError(log.toFile())
                .start();
        try {
            return new ChildServer(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    int port() {
        return port;
    }

    /** The child JVM's PID ({@code exec} made the bash process become the JVM). */
    long pid() {
        return process.pid();
    }

    /** CPU time the child has used so far (user + system), in nanoseconds, from /proc. */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return TimeUnit.MILLISECONDS.toNanos(ticks * 10); // USER_HZ is 100 on Linux
    }

    Stats stats() throws IOException {
        String[] f = command("stats", "STATS ").split(" ");
        return new Stats(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]));
    }

    /** Bytes of live objects on the child's heap (see {@link Hardening#liveHeapBytes(long)}). */
    long liveHeapBytes() throws IOException, InterruptedException {
        return Hardening.liveHeapBytes(process.pid());
    }

    private synchronized String command(String command, String answerPrefix) throws IOException {
        in.println(command);
        String answer = readLine(Duration.ofSeconds(30));
        if (answer == null || !answer.startsWith(answerPrefix)) {
            throw new IOException("child server answered '" + answer + "' to " + command);
        }
        return answer.substring(answerPrefix.length()).trim();
    }

    private String readLine(Duration timeout) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("no answer from the child server (pid " + process.pid() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            in.println("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
