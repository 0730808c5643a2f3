package dev.loopwire.benchmarks.lab;

import dev.loopwire.benchmarks.LoadGenerator;
import dev.loopwire.benchmarks.LoadOptions;
import dev.loopwire.benchmarks.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The threading-models lab: every {@link LabModel} under every {@link LabCell}, each server in a JVM of
 * its own, the load generator (this process) checking every reply's content and per-connection order.
 *
 * <p>One server process per (model, workload), started anew and stopped by PID; its cells run in
 * ascending load (connections, then depth). Per cell the generator runs warm-up + window + drain
 * (requests still unanswered when the drain ends are reported as unanswered, not as errors: a model that
 * cannot keep up with 32,000 outstanding 20 ms requests leaves a queue behind). {@code /proc} gives the
 * server's CPU time over the window, its threads and its RSS at the window's end. Then
 * {@link LabReport} writes the tables and charts. Called on the main thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.loopwire.benchmarks.lab.ThreadingLab [options]
 * </pre>
 * Options: see {@link LabOptions#parse}.
 */
public final class ThreadingLab {

    private final LabOptions options;
    private final LabLauncher launcher;
    private final LoadGenerator generator = new LoadGenerator();

    public ThreadingLab(LabOptions options) {
        this.options = options;
        this.launcher = new LabLauncher(options.serverJava(), options.jvmArgs(), options.verbose());
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        LabOptions options = LabOptions.parse(args);
        long started = System.nanoTime();
        ThreadingLab lab = new ThreadingLab(options);
        List<LabResult> results = lab.run();
        LabReport report = new LabReport(options, results, lab.environment(), (System.nanoTime() - started) / 1e9);
        System.out.println(report.tables());
        report.write();
    }

    /** Server {@code java}'s feature version, asked once. */
    private int serverJavaFeature = -1;

    /** Runs the selected matrix; results in model, workload, cell order. */
    public List<LabResult> run() throws Exception {
        serverJavaFeature = launcher.javaFeature();
        List<LabResult> results = new ArrayList<>();
        for (LabModel model : options.models()) {
            String unavailable = model.unavailableReason(serverJavaFeature);
            for (LabWorkload workload : options.workloads()) {
                List<LabCell> cells = cells(workload);
                if (unavailable != null) {
                    cells.forEach(cell -> results.add(LabResult.skipped(model, cell, unavailable)));
                    continue;
                }
                results.addAll(runServer(model, cells));
            }
            if (unavailable != null) {
                log(String.format(Locale.ROOT, "skipped   %-16s %s", model.id(), unavailable));
            }
        }
        return results;
    }

    private List<LabCell> cells(LabWorkload workload) {
        List<LabCell> cells = new ArrayList<>();
        for (int connections : options.connections().stream().sorted().toList()) {
            for (int depth : options.depths().stream().sorted().toList()) {
                cells.add(new LabCell(workload, connections, depth));
            }
        }
        return cells;
    }

    private List<LabResult> runServer(LabModel model, List<LabCell> cells) throws Exception {
        List<LabResult> results = new ArrayList<>();
        long pid;
        try (LabLauncher.Running server = launcher.start(model, options.loops(), options.workers())) {
            pid = server.pid();
            for (LabCell cell : cells) {
                LabResult result = measure(model, cell, server);
                log(String.format(Locale.ROOT, "%-16s %-9s %-9s %s", model.id(), cell.workload().id(), cell.label(),
                        result.ran() ? summary(result) : "FAILED " + result.note()));
                results.add(result);
            }
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("lab server " + model.id() + " (pid " + pid + ") still runs after stop");
        }
        return results;
    }

    /** One cell; a cell that cannot run is a result with the reason, and the lab goes on. */
    private LabResult measure(LabModel model, LabCell cell, LabLauncher.Running server) throws InterruptedException {
        long[] lastThreads = {-1};
        long[] lastRss = {-1};
        try {
            RunResult run = generator.run(model.id(), server.port(), cell.scenario(),
                    new LoadOptions(options.warmup(), options.duration(), options.clientThreads(), options.drain()),
                    null, () -> {
                        // read when the window opens and when it closes: the last read is the window's end
                        lastThreads[0] = ProcStats.threads(server.pid());
                        lastRss[0] = ProcStats.rssKiB(server.pid());
                        return ProcStats.cpuNanos(server.pid());
                    }, cell.workload());
            return new LabResult(model, cell, run, lastThreads[0], lastRss[0], null);
        } catch (java.io.IOException failure) {
            return LabResult.skipped(model, cell, "cell failed: " + failure);
        }
    }

    private static String summary(LabResult result) {
        RunResult run = result.run();
        return String.format(Locale.ROOT, "%,10.0f req/s p50 %s p99 %s p99.9 %s threads %d RSS %d MiB CPU %.1f us/req"
                        + " errors %d reorders %d unanswered %d lost %d%s",
                run.requestsPerSecond(), LabReport.time(run.latencyMicros(50)), LabReport.time(run.latencyMicros(99)),
                LabReport.time(run.latencyMicros(99.9)), result.threads(), result.rssKiB() / 1024,
                run.cpuMicrosPerRequest(), run.errors(), run.reorders(), run.missing(), run.lostConnections(),
                run.firstError() == null ? "" : " (first error: " + run.firstError() + ")");
    }

    /** How the run was made, for the report. */
    String environment() {
        return String.format(Locale.ROOT,
                "Every server in its own JVM (`LabServerProcess`), one process per (model, workload), its cells in"
                        + " ascending load, stopped by PID; the load generator is the lab process. Server JVM: `%s`"
                        + " (Java %d) with `%s`; load generator: Java %s, %d client thread(s). %d processors, %s %s."
                        + " 1 round. Per cell %d ms warm-up (checked, not counted) + %d ms window, then up to %d ms"
                        + " drain. Loops (multi-reactor, pool, virtual; SEDA decode/encode threads): %d; handler"
                        + " workers (pool, leader/follower, SEDA handle stage): %d. Payload %d bytes after the"
                        + " command. CPU: user + system time of the server process over the window"
                        + " (/proc/PID/stat, 10 ms ticks) per correct reply; threads and RSS: /proc/PID/status at"
                        + " the window's end.",
                options.serverJava(), serverJavaFeature, String.join(" ", options.jvmArgs()),
                System.getProperty("java.version"), options.clientThreads(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), options.warmup().toMillis(),
                options.duration().toMillis(), options.drain().toMillis(), options.loops(), options.workers(),
                LabCell.PAYLOAD);
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
