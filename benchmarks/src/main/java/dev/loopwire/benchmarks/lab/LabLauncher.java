package dev.loopwire.benchmarks.lab;

import dev.loopwire.benchmarks.PeerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts lab servers ({@link LabServerProcess}) each in a JVM of its own, all with the same {@code java}
 * and flags and this JVM's class path, waits for the announced port, and stops them by PID. Like the
 * comparison's {@code PeerLauncher}, with the server's {@code java} chosen by the caller (so virtual
 * threads can run in a Java 21+ server while the lab itself runs on 17). The children's output is drained
 * by a daemon thread. Called from the lab's main thread.
 */
final class LabLauncher {

    private final String java;
    private final List<String> jvmFlags;
    private final boolean verbose;
    private final Duration startTimeout = Duration.ofSeconds(60);

    LabLauncher(String java, List<String> jvmFlags, boolean verbose) {
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.verbose = verbose;
    }

    /** A running server process; {@link #close()} stops it by PID (SIGTERM, then a kill after 10 s). */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final int port;

        Running(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        long pid() {
            return process.pid();
        }

        int port() {
            return port;
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    /** The feature version ({@code 17}, {@code 25}) of the server {@code java}. */
    int javaFeature() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(java, "-cp", classPath(), LabServerProcess.class.getName(),
                "--java-feature").redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        probe.waitFor(30, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            if (line.startsWith(LabServerProcess.FEATURE)) {
                return Integer.parseInt(line.substring(LabServerProcess.FEATURE.length()).trim());
            }
        }
        throw new IOException("could not tell the Java version of " + java + ": " + out.trim());
    }

    /** Starts a server of {@code model} and returns once it listens. */
    Running start(LabModel model, int loops, int workers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(LabServerProcess.class.getName());
        command.add(model.id());
        command.add(Integer.toString(loops));
        command.add(Integer.toString(workers));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        LIVE.add(process);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(model.id(), process, port), "lab-output-" + model.id());
        drain.setDaemon(true);
        drain.start();
        try {
            return new Running(process, port.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            stop(process);
            throw new IOException("lab server " + model.id() + " announced no port within " + startTimeout
                    + (e.getCause() != null ? ": " + e.getCause().getMessage() : "")
                    + "; run with --verbose to see its output", e);
        }
    }

    private void drain(String name, Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!port.isDone() && line.startsWith(PeerProcess.READY)) {
                    port.complete(Integer.parseInt(line.substring(PeerProcess.READY.length()).trim()));
                } else if (verbose) {
                    System.out.println("  [" + name + " pid " + process.pid() + "] " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IOException("the server exited"));
    }

    /** Servers started and not yet stopped: killed if the lab exits first (e.g. on Ctrl-C). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "lab-launcher-cleanup"));
    }

    private static void stop(Process process) {
        LIVE.remove(process);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The class path the servers run with: the test class path under Surefire, else this JVM's. */
    static String classPath() {
        String test = System.getProperty("surefire.test.class.path");
        return test != null && !test.isBlank() ? test : System.getProperty("java.class.path");
    }
}
