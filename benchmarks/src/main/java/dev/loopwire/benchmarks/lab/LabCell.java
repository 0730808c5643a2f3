package dev.loopwire.benchmarks.lab;

import dev.loopwire.benchmarks.BenchFraming;
import dev.loopwire.benchmarks.Scenario;

/**
 * One cell of the lab's matrix for one model: a workload, a connection count and a pipelining depth.
 *
 * @param workload    handler cost
 * @param connections client connections
 * @param depth       requests each connection keeps outstanding
 */
public record LabCell(LabWorkload workload, int connections, int depth) {

    /** Payload bytes per request: the 16-digit sequence number and 16 bytes of checked filler. */
    public static final int PAYLOAD = 32;

    /** Short label, e.g. {@code 256c x16}. */
    public String label() {
        return connections + "c x" + depth;
    }

    /** The load generator's scenario for this cell (line framing). */
    Scenario scenario() {
        return new Scenario(workload.id() + "-" + connections + "x" + depth, BenchFraming.LINE, connections, depth,
                PAYLOAD);
    }
}
