package dev.loopwire.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a peer in a JVM of its own ({@link PeerProcess}) with the given JVM flags and this JVM's class
 * path (or, for {@value NativeEchoPeer#NAME}, the native binary, which takes no JVM flags), waits for the
 * port it announces, and stops it by PID. The child's output is drained by a daemon thread (printed with
 * the peer's name when {@code verbose}, else dropped) so it can never block on a full pipe. Called from the
 * runner's main thread.
 */
public final class PeerLauncher {

    private final List<String> jvmFlags;
    private final boolean verbose;
    private final Duration startTimeout;

    /**
     * @param jvmFlags     flags every peer JVM gets, e.g. {@code -Xms4g -Xmx4g}
     * @param verbose      whether to print the children's output
     * @param startTimeout how long a peer may take to announce its port
     */
    public PeerLauncher(List<String> jvmFlags, boolean verbose, Duration startTimeout) {
        this.jvmFlags = List.copyOf(jvmFlags);
        this.verbose = verbose;
        this.startTimeout = startTimeout;
    }

    /** A running peer process. {@link #close()} stops it by PID and waits until it is gone. */
    public static final class RunningPeer implements AutoCloseable {

        private final String name;
        private final Process process;
        private final int port;

        RunningPeer(String name, Process process, int port) {
            this.name = name;
            this.process = process;
            this.port = port;
        }

        public String name() {
            return name;
        }

        public long pid() {
            return process.pid();
        }

        public int port() {
            return port;
        }

        /** CPU time (user + system) the process has used so far, in nanoseconds; -1 if unknown. */
        public long cpuNanos() {
            return ProcessCpu.cpuNanos(process.pid());
        }

        /** Sends SIGTERM to the PID, waits up to 15 s for the JVM's shutdown, then kills it. */
        @Override
        public void close() {
            stop(process);
        }
    }

    /**
     * Starts {@code peer} with {@code framing} and returns once it listens.
     *
     * @throws IOException when the JVM cannot be started, exits early, or announces no port in time
     */
    public RunningPeer start(String peer, BenchFraming framing, int maxFrameLength) throws IOException, InterruptedException {
        List<String> command = peer.equals(NativeEchoPeer.NAME)
                ? NativeEchoPeer.command(framing, maxFrameLength).orElseThrow(() -> new IOException(
                        NativeEchoPeer.missingReason()))
                : jvmCommand(peer, framing, maxFrameLength);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        LIVE.add(process);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(peer, process, port), "peer-output-" + peer);
        drain.setDaemon(true);
        drain.start();
        try {
            return new RunningPeer(peer, process, port.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            stop(process);
            throw new IOException("peer " + peer + " (" + framing + ") announced no port within " + startTimeout
                    + (e.getCause() != null ? ": " + e.getCause().getMessage() : "")
                    + "; run with --verbose to see its output", e);
        }
    }

    /** A JVM running {@link PeerProcess} for {@code peer}, with the flags and this JVM's class path. */
    private List<String> jvmCommand(String peer, BenchFraming framing, int maxFrameLength) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(PeerProcess.class.getName());
        command.add(peer);
        command.add(PeerProcess.argument(framing));
        command.add(Integer.toString(maxFrameLength));
        return command;
    }

    private void drain(String peer, Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!port.isDone() && line.startsWith(PeerProcess.READY)) {
                    port.complete(Integer.parseInt(line.substring(PeerProcess.READY.length()).trim()));
                } else if (verbose) {
                    System.out.println("  [" + peer + " pid " + process.pid() + "] " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IOException("exited with status " + exitStatus(process)));
    }

    private static String exitStatus(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Peers started and not yet stopped: killed if this JVM exits first (e.g. on Ctrl-C). */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "peer-launcher-cleanup"));
    }

    private static void stop(Process process) {
        LIVE.remove(process);
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The class path the peers run with: the test class path under Surefire, else this JVM's. */
    static String classPath() {
        String test = System.getProperty("surefire.test.class.path");
        return test != null && !test.isBlank() ? test : System.getProperty("java.class.path");
    }

    /** Whether this JVM can tell a child's CPU time ({@code /proc} is readable). */
    static boolean cpuMeasurable() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }
}
