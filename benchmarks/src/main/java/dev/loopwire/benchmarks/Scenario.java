package dev.loopwire.benchmarks;

import java.util.List;

/**
 * One cell of the comparison: how many connections, how many requests each keeps outstanding,
 * the payload size and the framing.
 *
 * @param name        short name used in tables and charts
 * @param framing     frame delimiting used by client and peer
 * @param connections number of client connections (N)
 * @param depth       pipeline depth: requests kept outstanding per connection (P)
 * @param payloadSize payload bytes per request and reply (S), at least {@link Payloads#MIN_SIZE}
 */
public record Scenario(String name, BenchFraming framing, int connections, int depth, int payloadSize) {

    /** Largest frame any peer is started for: room for the 64 KiB scenario plus its header. */
    public static final int MAX_FRAME_LENGTH = 128 * 1024;

    public Scenario {
        if (connections < 1 || depth < 1) {
            throw new IllegalArgumentException("connections and depth must be >= 1: " + name);
        }
        if (payloadSize < Payloads.MIN_SIZE || framing.frameSize(payloadSize) > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("payload size out of range: " + payloadSize);
        }
    }

    /** The five standard scenarios, in table order. */
    public static List<Scenario> standard() {
        return List.of(
                new Scenario("pingpong", BenchFraming.LINE, 16, 1, 16),
                new Scenario("pipelined", BenchFraming.LINE, 64, 16, 32),
                new Scenario("length-256B", BenchFraming.LENGTH_FIELD, 64, 16, 256),
                new Scenario("1k-conns", BenchFraming.LINE, 1000, 1, 32),
                new Scenario("length-64KiB", BenchFraming.LENGTH_FIELD, 16, 2, 64 * 1024));
    }

    /** A copy with another connection count, for smoke tests. */
    public Scenario withConnections(int newConnections) {
        return new Scenario(name, framing, newConnections, depth, payloadSize);
    }
}
