package dev.loopwire.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Reduces the rounds of a comparison to one row per (scenario, peer): the median of each metric
 * over the rounds, error and reorder counts summed, and throughput as a ratio to the baseline
 * peer of the same scenario. Renders the rows as a markdown table.
 */
public final class ResultTable {

    /**
     * One (scenario, peer) cell.
     *
     * @param scenario        scenario name
     * @param peer            peer name
     * @param rounds          number of rounds aggregated
     * @param requestsPerSecond median correct replies per second
     * @param minRequestsPerSecond slowest round
     * @param maxRequestsPerSecond fastest round
     * @param ratioToBaseline median requests/s over the baseline's; NaN without a baseline
     * @param mibPerSecond    median echoed payload MiB/s
     * @param p50Micros       median over rounds of the p50 latency
     * @param p99Micros       median over rounds of the p99 latency
     * @param p999Micros      median over rounds of the p99.9 latency
     * @param errors          errors summed over rounds (missing replies and lost connections included)
     * @param reorders        reorders summed over rounds
     * @param cpuMicrosPerRequest median over rounds of the server process's CPU time per reply; NaN when not
     *                        measured
     */
    public record Row(String scenario, String peer, int rounds, double requestsPerSecond,
            double minRequestsPerSecond, double maxRequestsPerSecond, double ratioToBaseline, double mibPerSecond,
            double p50Micros, double p99Micros, double p999Micros, long errors, long reorders,
            double cpuMicrosPerRequest) {
    }

    private final List<Row> rows;
    private final String baseline;

    private ResultTable(List<Row> rows, String baseline) {
        this.rows = List.copyOf(rows);
        this.baseline = baseline;
    }

    /** Aggregates results; rows come in first-seen scenario order, then first-seen peer order. */
    public static ResultTable of(List<RunResult> results, String baseline) {
        Map<String, Map<String, List<RunResult>>> byScenario = new LinkedHashMap<>();
        for (RunResult result : results) {
            byScenario.computeIfAbsent(result.scenario().name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(result.peer(), k -> new ArrayList<>())
                    .add(result);
        }
        List<Row> rows = new ArrayList<>();
        byScenario.forEach((scenario, byPeer) -> {
            List<RunResult> base = byPeer.get(baseline);
            double baseRate = base == null ? Double.NaN : median(base, RunResult::requestsPerSecond);
            byPeer.forEach((peer, runs) -> {
                double rate = median(runs, RunResult::requestsPerSecond);
                long errors = runs.stream().mapToLong(r -> r.errors() + r.missing() + r.lostConnections()).sum();
                long reorders = runs.stream().mapToLong(RunResult::reorders).sum();
                rows.add(new Row(scenario, peer, runs.size(), rate,
                        runs.stream().mapToDouble(RunResult::requestsPerSecond).min().orElse(Double.NaN),
                        runs.stream().mapToDouble(RunResult::requestsPerSecond).max().orElse(Double.NaN),
                        rate / baseRate,
                        median(runs, RunResult::mibPerSecond),
                        median(runs, r -> r.latencyMicros(50)),
                        median(runs, r -> r.latencyMicros(99)),
                        median(runs, r -> r.latencyMicros(99.9)), errors, reorders,
                        median(runs, RunResult::cpuMicrosPerRequest)));
            });
        });
        return new ResultTable(rows, baseline);
    }

    /** Rows in table order. */
    public List<Row> rows() {
        return rows;
    }

    /** Name of the peer ratios are computed against. */
    public String baseline() {
        return baseline;
    }

    /** Peers with at least one reorder in any scenario, in table order. */
    public Set<String> reorderingPeers() {
        Set<String> peers = new LinkedHashSet<>();
        for (Row row : rows) {
            if (row.reorders() > 0) {
                peers.add(row.peer());
            }
        }
        return peers;
    }

    /** The table plus a note on reordering and errors, as GitHub-flavoured markdown. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | peer | req/s (median) | rounds min–max | x ").append(baseline)
                .append(" | server CPU us/req | MiB/s | p50 us | p99 us | p99.9 us | errors | reorders |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %,.0f | %,.0f–%,.0f | %s | %s | %.2f | %.1f | %.1f | %.1f | %d | %d |%n",
                    row.scenario(), row.peer(), row.requestsPerSecond(), row.minRequestsPerSecond(),
                    row.maxRequestsPerSecond(),
                    Double.isNaN(row.ratioToBaseline()) ? "n/a" : String.format(Locale.ROOT, "%.2f", row.ratioToBaseline()),
                    Double.isNaN(row.cpuMicrosPerRequest()) ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", row.cpuMicrosPerRequest()),
                    row.mibPerSecond(), row.p50Micros(), row.p99Micros(), row.p999Micros(), row.errors(),
                    row.reorders()));
        }
        md.append('\n');
        Set<String> reordering = reorderingPeers();
        md.append(reordering.isEmpty()
                ? "Reordered replies: none (every reply arrived in request order per connection).\n"
                : "Reordered replies: " + String.join(", ", reordering) + ".\n");
        long errors = rows.stream().mapToLong(Row::errors).sum();
        md.append(errors == 0
                ? "Errors: none (every reply matched its request byte for byte).\n"
                : "Errors: " + errors + " (wrong or unexpected replies, replies still missing after the drain timeout,"
                        + " lost connections; the per-run lines name the first error of each run).\n");
        return md.toString();
    }

    private static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
        double[] values = runs.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).toArray();
        Arrays.sort(values);
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
