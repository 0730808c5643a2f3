package dev.loopwire.deploy;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process (a demo JVM, HAProxy) whose output lines are kept with the time each arrived, and which is
 * stopped by its PID: {@link #terminate} sends SIGTERM (graceful), {@link #close} ends it for sure.
 * Safe from any thread.
 */
final class ChildProcess implements AutoCloseable {

    /** One output line and when the test read it ({@link System#nanoTime}). */
    record Line(long nanos, String text) {
    }

    private final String name;
    private final Process process;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        reader = new Thread(this::readOutput, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(String name, ProcessBuilder builder) throws IOException {
        return new ChildProcess(name, builder.redirectErrorStream(true).start());
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(new Line(System.nanoTime(), line));
                }
            }
        } catch (IOException ignored) {
            // the child ended
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String output() {
        StringBuilder all = new StringBuilder();
        for (Line line : lines()) {
            all.append(name).append("| ").append(line.text()).append('\n');
        }
        return all.toString();
    }

    /** The first line matching, or null. */
    Line firstMatch(Pattern pattern) {
        for (Line line : lines()) {
            if (pattern.matcher(line.text()).find()) {
                return line;
            }
        }
        return null;
    }

    /** Waits for a line matching; fails at once, with the output, when the child ends first. */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        return await(name + " prints " + pattern).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    boolean ended = !process.isAlive();
                    if (ended) {
                        reader.join(2_000); // the output the child wrote before it ended
                    }
                    Line line = firstMatch(pattern);
                    if (line == null && ended) {
                        throw new AssertionError(name + " exited with " + process.exitValue()
                                + " before printing " + pattern + ":\n" + output());
                    }
                    if (line == null) {
                        return null;
                    }
                    Matcher matcher = pattern.matcher(line.text());
                    matcher.find();
                    return matcher;
                }, m -> m != null);
    }

    /**
     * SIGTERM to the PID (a JVM runs its shutdown hooks: Boot's graceful shutdown). Through the
     * {@link ProcessHandle}: {@link Process#destroy} would also close our end of the child's output, and
     * what it logs while it shuts down would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the exit; returns its code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Ends the child: SIGTERM, then SIGKILL when it is still there after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
