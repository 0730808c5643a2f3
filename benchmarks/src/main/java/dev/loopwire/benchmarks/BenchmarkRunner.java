package dev.loopwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the echo comparison and prints a markdown report.
 *
 * <p>For each scenario: start every selected peer with the scenario's framing, give each one
 * discarded warm-up run, then run {@code rounds} rounds alternating peers (A B C A B C ...), so
 * drift in machine state spreads over all peers. The report holds the per-cell medians with the
 * ratio to {@value EchoPeers#BASELINE}, the peers that reordered replies, and optionally the
 * heap per idle connection; a PNG bar chart goes to {@code --chart}.
 *
 * <pre>
 * mvn -B -f benchmarks/pom.xml package
 * java -jar benchmarks/target/benchmarks.jar --quick --chart benchmarks/target/comparison.png
 * </pre>
 *
 * See {@link RunnerOptions} for every option. Client and peers share this JVM and machine: the
 * numbers compare peers under equal handicap, they are not absolute capacity figures.
 */
public final class BenchmarkRunner {

    private final RunnerOptions options;
    private final EchoPeers catalog;
    private final LoadGenerator generator = new LoadGenerator();
    /** certificate and contexts for --tls, made once per run; null for plaintext */
    private BenchTls tls;

    /**
     * @param options run settings
     * @param catalog peers to compare, in order
     */
    public BenchmarkRunner(RunnerOptions options, EchoPeers catalog) {
        this.options = options;
        this.catalog = catalog.select(options.peers());
    }

    /** Command-line entry point; see {@link RunnerOptions} for arguments. */
    public static void main(String[] args) throws Exception {
        if (RunnerOptions.helpRequested(args)) {
            System.out.println("options: see javadoc of dev.loopwire.benchmarks.RunnerOptions; e.g. --quick --chart out.png");
            return;
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        RunnerOptions options = RunnerOptions.parse(args);
        BenchmarkRunner runner = new BenchmarkRunner(options, EchoPeers.defaults());
        String report = runner.run();
        System.out.println();
        System.out.println(report);
        runner.writeReport(report);
        System.exit(0); // peers' non-daemon threads (e.g. Spring's) must not keep the JVM alive
    }

    /** Runs everything selected and returns the markdown report. */
    public String run() throws Exception {
        if (options.tls() && tls == null) {
            tls = BenchTls.generate();
        }
        StringBuilder report = new StringBuilder(options.tls() ? "## TLS echo comparison\n\n" : "## Echo comparison\n\n")
                .append(environment()).append('\n');
        List<RunResult> results = new ArrayList<>();
        for (Scenario scenario : options.selectedScenarios()) {
            results.addAll(runScenario(scenario));
        }
        if (!results.isEmpty()) {
            ResultTable table = ResultTable.of(results, EchoPeers.BASELINE);
            report.append(table.toMarkdown());
            if (options.chart() != null) {
                ResultChart.write(table, options.chart(), "Echo throughput relative to " + EchoPeers.BASELINE
                        + " (median of " + options.rounds() + " round(s))");
                report.append("\nChart: ").append(options.chart()).append('\n');
            }
        }
        if (options.heapConnections() > 0) {
            writeReport(report.toString()); // the throughput table survives whatever the heap phase meets
            report.append("\n### Heap per idle connection\n\n")
                    .append(HeapPerConnection.toMarkdown(
                            new HeapPerConnection().measureAll(heapPeers(), options.heapConnections())))
                    .append("\nMethod: see the javadoc of dev.loopwire.benchmarks.HeapPerConnection. Spring Integration "
                            + "is left out: it holds about 2 MiB per idle connection, so thousands do not fit a test heap.\n");
        }
        return report.toString();
    }

    /** The peers whose heap per idle connection is compared: Netty's and Loopwire's. */
    private EchoPeers heapPeers() {
        return catalog.select(catalog.names().stream()
                .filter(name -> name.startsWith("netty") || name.startsWith("loopwire"))
                .toList());
    }

    private void writeReport(String report) throws java.io.IOException {
        if (options.out() != null) {
            Path parent = options.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(options.out(), report, StandardCharsets.UTF_8);
        }
    }

    /** Starts all peers for one scenario, warms each, then runs the alternating rounds. */
    List<RunResult> runScenario(Scenario scenario) throws Exception {
        Map<EchoPeer, Integer> ports = new LinkedHashMap<>();
        List<RunResult> results = new ArrayList<>();
        try {
            for (String name : catalog.names()) {
                EchoPeer peer = catalog.create(name);
                if (tls != null && !peer.supportsTls()) {
                    log("skipped   " + name + ": cannot serve TLS in this benchmark");
                    peer.close();
                    continue;
                }
                ports.put(peer, peer.start(scenario.framing(), Scenario.MAX_FRAME_LENGTH, tls));
            }
            for (Map.Entry<EchoPeer, Integer> entry : ports.entrySet()) {
                RunResult warm = generator.run(entry.getKey().name(), entry.getValue(), scenario, options.peerWarmupLoad(),
                        tls);
                log("warm-up   " + warm.summary());
            }
            for (int round = 1; round <= options.rounds(); round++) {
                for (Map.Entry<EchoPeer, Integer> entry : ports.entrySet()) {
                    RunResult result = generator.run(entry.getKey().name(), entry.getValue(), scenario, options.cellLoad(),
                            tls);
                    log(String.format(Locale.ROOT, "round %-3d %s", round, result.summary()));
                    results.add(result);
                }
            }
        } finally {
            for (EchoPeer peer : ports.keySet()) {
                peer.close();
            }
        }
        return results;
    }

    private String environment() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT,
                "JVM %s (%s), %d processors, max heap %d MiB, %s %s. Rounds %d, warm-up %d ms, window %d ms per cell,"
                        + " %d client thread(s); client and peers share this JVM. Peers: %s.%s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), runtime.availableProcessors(),
                runtime.maxMemory() / (1024 * 1024), System.getProperty("os.name"), System.getProperty("os.arch"),
                options.rounds(), options.warmup().toMillis(), options.duration().toMillis(), options.clientThreads(),
                String.join(", ", catalog.names()), tls == null ? ""
                        : " TLS on every connection: JDK SSLEngine (TLSv1.3), EC P-256 certificate; handshakes happen"
                                + " before each window (Netty: SslHandler; Loopwire: TlsSession).");
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
