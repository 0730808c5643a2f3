package dev.loopwire.benchmarks;

/**
 * How request and reply frames are delimited on the wire. Every peer and the load generator use
 * the same two framings, so a reply is byte-for-byte the request.
 *
 * <pre>
 * LINE:          +-----------------------+----+
 *                | payload (no '\n')     | \n |
 *                +-----------------------+----+
 *
 * LENGTH_FIELD:  +----------------+-----------------------+
 *                | length (int32, | payload (length bytes) |
 *                | big-endian)    |                        |
 *                +----------------+-----------------------+
 * </pre>
 *
 * The length field counts the payload only (it excludes its own 4 bytes), which is what Netty's
 * {@code LengthFieldPrepender(4)} and Spring Integration's {@code ByteArrayLengthHeaderSerializer}
 * write by default.
 */
public enum BenchFraming {

    /** Payload terminated by a single {@code '\n'} (LF), which is not part of the payload. */
    LINE(1),

    /** A 4-byte big-endian payload length, then the payload. */
    LENGTH_FIELD(4);

    /** Bytes each frame carries besides its payload. */
    private final int overhead;

    BenchFraming(int overhead) {
        this.overhead = overhead;
    }

    /** Bytes each frame carries besides its payload (1 for LINE, 4 for LENGTH_FIELD). */
    public int overhead() {
        return overhead;
    }

    /** Size on the wire of a frame carrying {@code payloadSize} bytes. */
    public int frameSize(int payloadSize) {
        return payloadSize + overhead;
    }
}
