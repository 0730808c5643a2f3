package dev.loopwire.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison with every server in a JVM of its own: this process is the load generator and hosts no
 * server. Each round starts every peer anew, once per framing its scenarios need ({@link PeerLauncher}:
 * same JVM flags for all), waits for its port, runs its cells (each after its share of a discarded
 * warm-up) while reading
 * the server process's CPU time from {@code /proc/<pid>/stat}, and stops it by PID before the next peer
 * starts. The order of the peers rotates from round to round (A B C, B C A, C A B, ...), so drift in the
 * machine's state spreads over all of them. Called on the runner's main thread.
 */
final class OutOfProcessComparison {

    private final RunnerOptions options;
    private final List<String> peers;
    private final PeerLauncher launcher;
    private final LoadGenerator generator = new LoadGenerator();

    /**
     * @param options run settings
     * @param peers   peer names as registered in {@link EchoPeers#defaults()}, in table order
     */
    OutOfProcessComparison(RunnerOptions options, List<String> peers) {
        this.options = options;
        this.peers = List.copyOf(peers);
        this.launcher = new PeerLauncher(options.jvmArgs(), options.verbose(), java.time.Duration.ofSeconds(90));
    }

    /** Every round of every cell, ordered by scenario (the selection's order), then by round. */
    List<RunResult> run() throws Exception {
        List<Scenario> scenarios = options.selectedScenarios();
        Map<BenchFraming, List<Scenario>> byFraming = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            byFraming.computeIfAbsent(scenario.framing(), k -> new ArrayList<>()).add(scenario);
        }
        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (String peer : rotated(peers, round - 1)) {
                for (Map.Entry<BenchFraming, List<Scenario>> entry : byFraming.entrySet()) {
                    results.addAll(runPeer(round, peer, entry.getKey(), entry.getValue()));
                }
            }
        }
        results.sort(Comparator.comparingInt(result -> scenarios.indexOf(result.scenario())));
        return results;
    }

    private List<RunResult> runPeer(int round, String peer, BenchFraming framing, List<Scenario> cells) throws Exception {
        List<RunResult> results = new ArrayList<>();
        long pid;
        try (PeerLauncher.RunningPeer running = launcher.start(peer, framing, Scenario.MAX_FRAME_LENGTH)) {
            pid = running.pid();
            log(String.format(Locale.ROOT, "started   %-18s %-12s pid %d port %d", peer, framing, pid, running.port()));
            for (Scenario scenario : cells) {
                // warm this scenario's paths right before its cell, so no other scenario's load lingers in it
                RunResult result = warmAndMeasure(peer, running, scenario, cells.size());
                log(String.format(Locale.ROOT, "round %-3d %s", round, result.summary()));
                results.add(result);
            }
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("peer " + peer + " (pid " + pid + ") is still running after stop");
        }
        return results;
    }

    /**
     * One cell after its share of the peer warm-up. A cell that cannot run (the peer stops accepting, say)
     * is reported as a failed run, with the reason as its first error, and the comparison goes on.
     */
    private RunResult warmAndMeasure(String peer, PeerLauncher.RunningPeer running, Scenario scenario, int cells)
            throws InterruptedException {
        try {
            generator.run(peer, running.port(), scenario, options.peerWarmupLoad(cells), null);
            return generator.run(peer, running.port(), scenario, options.cellLoad(), null, running::cpuNanos);
        } catch (java.io.IOException failure) {
            return new RunResult(peer, scenario, options.duration().toNanos(), 0, new org.HdrHistogram.Histogram(3), 1,
                    0, 0, 0, "cell failed: " + failure, -1);
        }
    }

    /** {@code list} rotated left by {@code by}. */
    static List<String> rotated(List<String> list, int by) {
        List<String> rotated = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            rotated.add(list.get((i + by) % list.size()));
        }
        return rotated;
    }

    /** One paragraph on how the run was made, with the JVM flags of the peers and of this process. */
    String environment() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT,
                "Every server in its own JVM, started anew each round (once per framing), stopped by PID before the"
                        + " next one; the load generator is the runner process and hosts no server. JVM %s (%s), %d"
                        + " processors, %s %s. Peer JVM flags: `%s`. Load-generator JVM flags: `%s`. Rounds %d"
                        + " (peer order rotated each round), warm-up %d ms after each start shared by its cells, then"
                        + " per cell %d ms warm-up + %d ms window, %d client thread(s). Server CPU: user + system time of the server"
                        + " process over the window (/proc/PID/stat) per reply. Peers: %s.%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), runtime.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), String.join(" ", options.jvmArgs()),
                inputArguments(), options.rounds(),
                options.peerWarmup().toMillis(), options.warmup().toMillis(), options.duration().toMillis(),
                options.clientThreads(), String.join(", ", peers));
    }

    private static String inputArguments() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return arguments.isEmpty() ? "(none)" : String.join(" ", arguments);
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
