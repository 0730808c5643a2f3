package dev.loopwire.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The raw C epoll echo ({@code benchmarks/src/main/c/epoll_echo.c}) as peer {@value #NAME}: the physical-limit
 * column of the comparison. It is a native process in every mode: {@link PeerLauncher} starts the binary
 * directly (not a JVM), and {@link #start} here (in-JVM mode, tests) does the same. Like {@link PeerProcess}
 * it announces its port with a {@value PeerProcess#READY} line and is stopped by PID (SIGTERM).
 *
 * <p>The binary is built by the Maven profile {@code c-epoll-peer} only where {@code /usr/bin/gcc} exists,
 * to {@code benchmarks/target/epoll_echo}; the system property {@value #BINARY_PROPERTY} points elsewhere.
 * Without it the peer is not in {@link EchoPeers#defaults()} and the runner says why ({@link #missingReason()}).
 * Lifecycle methods are called from one thread (the runner's or a test's).
 */
public final class NativeEchoPeer implements EchoPeer {

    /** The peer's name in tables. */
    public static final String NAME = "c-epoll";

    /** System property with the binary's path, overriding {@code target/epoll_echo}. */
    public static final String BINARY_PROPERTY = "loopwire.bench.c-epoll";

    private Process process;

    @Override
    public String name() {
        return NAME;
    }

    /** The built binary, if there is one (executable file). */
    public static Optional<Path> binary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        Path candidate = configured != null && !configured.isBlank() ? Path.of(configured) : defaultBinary();
        return candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate) : Optional.empty();
    }

    /** Why {@value #NAME} is not available, written for the person running the benchmark. */
    public static String missingReason() {
        return NAME + " not built: no executable at " + Optional.ofNullable(System.getProperty(BINARY_PROPERTY))
                .orElse(String.valueOf(defaultBinary())) + "; install gcc (e.g. apt-get install gcc) and rebuild"
                + " benchmarks (mvn -B -pl benchmarks -am package -DskipTests; profile c-epoll-peer), or set -D"
                + BINARY_PROPERTY + "=PATH";
    }

    /** {@code target/epoll_echo} beside the jar or the classes directory this class was loaded from. */
    private static Path defaultBinary() {
        try {
            Path codeSource = Path.of(NativeEchoPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = codeSource.getParent();
            return target == null ? null : target.resolve("epoll_echo");
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The command that starts the binary for {@code framing}; empty when it is not built. */
    static Optional<List<String>> command(BenchFraming framing, int maxFrameLength) {
        return binary().map(path -> List.of(path.toString(), PeerProcess.argument(framing),
                Integer.toString(maxFrameLength)));
    }

    /** Starts the binary and returns the port it announces. */
    @Override
    public int start(BenchFraming framing, int maxFrameLength) throws IOException {
        List<String> command = command(framing, maxFrameLength).orElseThrow(() -> new IOException(missingReason()));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null || !line.startsWith(PeerProcess.READY)) {
            close();
            throw new IOException(NAME + " announced no port; it printed: " + line);
        }
        return Integer.parseInt(line.substring(PeerProcess.READY.length()).trim());
    }

    /** Stops the process by PID (SIGTERM, then SIGKILL after 5 s). Idempotent. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
