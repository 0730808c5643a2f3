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
 * <p>By default every server runs in a JVM of its own and this process is only the load generator
 * ({@link OutOfProcessComparison}). With {@code --in-jvm} (and always with {@code --tls}) the old mode
 * runs instead, labelled as such wherever it prints: for each scenario, start every selected peer in this
 * JVM, give each a discarded warm-up run, then run {@code rounds} rounds alternating peers. Client and
 * servers then share JIT, heap and GC, so that mode does not compare servers fairly.
 *
 * <p>The report holds per cell the median requests/s with the spread (min–max) of the rounds, the ratio
 * to {@value EchoPeers#BASELINE}, the server's CPU time per request (out-of-process only), latency, the
 * peers that reordered replies, and optionally the heap per idle connection; a PNG bar chart goes to
 * {@code --chart}.
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar --quick --chart benchmarks/target/comparison.png
 * </pre>
 *
 * See {@link RunnerOptions} for every option.
 */
public final class BenchmarkRunner {

    /** How results of the in-JVM mode are labelled wherever they print. */
    static final String IN_JVM_LABEL = "in-JVM mode: load generator and servers share one JVM, not a fair comparison";

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
        OutOfProcessComparison separate = options.inJvm() ? null : new OutOfProcessComparison(options, catalog.names());
        StringBuilder report = new StringBuilder(options.tls() ? "## TLS echo comparison" : "## Echo comparison")
                .append(options.inJvm() ? " (" + IN_JVM_LABEL + ")\n\n" : " (every server in its own JVM)\n\n")
                .append(separate == null ? environment() : separate.environment()).append('\n');
        catalog.unavailable().forEach((name, reason) -> {
            log("skipped   " + reason);
            report.append("Skipped ").append(name).append(": ").append(reason).append(".\n\n");
        });
        List<RunResult> results = new ArrayList<>();
        if (separate == null) {
            log(IN_JVM_LABEL);
        }
        if (separate != null) {
            results.addAll(separate.run());
        } else {
            for (Scenario scenario : options.selectedScenarios()) {
                results.addAll(runScenario(scenario));
            }
        }
        if (!results.isEmpty()) {
            ResultTable table = ResultTable.of(results, EchoPeers.BASELINE);
            report.append(table.toMarkdown());
            if (options.chart() != null) {
                ResultChart.write(table, options.chart(), "Echo throughput relative to " + EchoPeers.BASELINE
                        + " (median of " + options.rounds() + " round(s), "
                        + (options.inJvm() ? IN_JVM_LABEL : "every server in its own JVM") + ")");
                report.append("\nChart: ").append(options.chart()).append('\n');
            }
        }
        if (options.heapConnections() > 0) {
            writeReport(report.toString()); // the throughput table survives whatever the heap phase meets
            report.append("\n### Heap per idle connection (in-JVM: client and servers share this JVM)\n\n")
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
                        + " %d client thread(s); %s. Peers: %s.%s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), runtime.availableProcessors(),
                runtime.maxMemory() / (1024 * 1024), System.getProperty("os.name"), System.getProperty("os.arch"),
                options.rounds(), options.warmup().toMillis(), options.duration().toMillis(), options.clientThreads(),
                IN_JVM_LABEL, String.join(", ", catalog.names()), tls == null ? ""
                        : " TLS on every connection: JDK SSLEngine (TLSv1.3), EC P-256 certificate; handshakes happen"
                                + " before each window (Netty: SslHandler; Loopwire: TlsSession).");
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
