package dev.loopwire.benchmarks;

/**
 * Bytes the load generator writes in front of each request's payload, e.g. a command such as
 * {@code "CPU 50 "} for the threading-models lab. The peer must answer with the payload alone, so the
 * reply is still checked byte for byte and in order against the payload of its sequence number.
 *
 * <p>Implementations are immutable and return shared arrays that callers must not modify; one instance
 * is used by all load-generator threads at once. The choice must be a function of {@code seq} only, so a
 * run is deterministic.
 */
public interface RequestPrefix {

    /** The bytes to write before the payload of request {@code seq} of a connection (never null; may be empty). */
    byte[] forSequence(long seq);

    /** The longest array {@link #forSequence} returns (sizes the send buffers). */
    int maxLength();
}
