package dev.loopwire.benchmarks.lab;

import dev.loopwire.benchmarks.RunResult;

/**
 * One model in one cell: the load generator's result and what {@code /proc} said about the server at
 * the end of the window, or why the cell did not run.
 *
 * @param model   the model
 * @param cell    the cell
 * @param run     the load generator's result; null when skipped or failed
 * @param threads server threads ({@code /proc/PID/status} Threads) at the end of the window; -1 unknown
 * @param rssKiB  server resident memory (VmRSS) at the end of the window; -1 unknown
 * @param note    why the cell has no result (skipped model, failure); null when it ran
 */
public record LabResult(LabModel model, LabCell cell, RunResult run, long threads, long rssKiB, String note) {

    /** A cell that did not run, with the reason. */
    static LabResult skipped(LabModel model, LabCell cell, String why) {
        return new LabResult(model, cell, null, -1, -1, why);
    }

    /** Whether it ran. */
    public boolean ran() {
        return run != null;
    }

    /** Every reply correct and in order, and no connection lost (unanswered-at-drain is reported apart). */
    public boolean ordered() {
        return run != null && run.errors() == 0 && run.reorders() == 0 && run.lostConnections() == 0;
    }

    /** Correct replies per second; 0 when it did not run. */
    public double requestsPerSecond() {
        return run == null ? 0 : run.requestsPerSecond();
    }
}
