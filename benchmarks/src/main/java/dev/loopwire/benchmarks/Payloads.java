package dev.loopwire.benchmarks;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds and checks request payloads that carry a per-connection sequence number.
 *
 * <pre>
 * +----------------------------------+------------------------------------------+
 * | seq: 16 lowercase hex digits     | filler: 'a'..'z' cycling, shifted by seq  |
 * +----------------------------------+------------------------------------------+
 *   0                              16                                        size
 * </pre>
 *
 * Every byte is printable ASCII (never {@code '\n'}), so the same payload is valid for both
 * framings. The filler depends on the sequence number, so a reply that carries the right number
 * but damaged bytes, or bytes of another request, is caught by {@link #matches}.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class Payloads {

    /** Smallest payload: just the sequence number. */
    public static final int MIN_SIZE = 16;

    /** Returned by {@link #parseSequence} when the first 16 bytes are not lowercase hex. */
    public static final long NOT_A_SEQUENCE = -1;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Payload size in bytes. */
    private final int size;

    /** 'a'..'z' repeated, 26 longer than the filler so any shift is one contiguous slice. */
    private final byte[] pattern;

    /**
     * @param size payload size in bytes, at least {@link #MIN_SIZE}
     */
    public Payloads(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("payload size must be >= " + MIN_SIZE + ": " + size);
        }
        this.size = size;
        this.pattern = new byte[size - MIN_SIZE + 26];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) ('a' + i % 26);
        }
    }

    /** Payload size in bytes. */
    public int size() {
        return size;
    }

    /** Writes the payload for {@code seq} at the buffer's position and advances it. */
    public void write(ByteBuffer out, long seq) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.put(HEX[(int) (seq >>> shift) & 0xF]);
        }
        out.put(pattern, shift(seq), size - MIN_SIZE);
    }

    /** The payload for {@code seq} as a new array (tests, tools). */
    public byte[] toArray(long seq) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        write(buffer, seq);
        return buffer.array();
    }

    /**
     * Reads the sequence number from the first 16 bytes at {@code offset}.
     *
     * @return the number, or {@link #NOT_A_SEQUENCE} if those bytes are not 16 lowercase hex digits
     */
    public static long parseSequence(byte[] array, int offset) {
        long value = 0;
        for (int i = 0; i < MIN_SIZE; i++) {
            int c = array[offset + i];
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else {
                return NOT_A_SEQUENCE;
            }
            value = (value << 4) | digit;
        }
        return value < 0 ? NOT_A_SEQUENCE : value;
    }

    /**
     * Whether {@code length} bytes at {@code offset} are exactly the payload of {@code seq}.
     * The caller has usually parsed {@code seq} from the same bytes; this checks the rest.
     */
    public boolean matches(byte[] array, int offset, int length, long seq) {
        if (length != size || parseSequence(array, offset) != seq) {
            return false;
        }
        int from = shift(seq);
        return Arrays.equals(array, offset + MIN_SIZE, offset + size, pattern, from, from + size - MIN_SIZE);
    }

    private static int shift(long seq) {
        return (int) (seq % 26);
    }
}
