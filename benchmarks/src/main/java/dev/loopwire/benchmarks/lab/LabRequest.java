package dev.loopwire.benchmarks.lab;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One request of the lab's line protocol, decoded; the handler family every model runs.
 *
 * <pre>
 * ECHO &lt;payload&gt;            reply: payload
 * CPU &lt;micros&gt; &lt;payload&gt;    busy-spins micros of CPU, then replies payload
 * WAIT &lt;millis&gt; &lt;payload&gt;   sleeps millis (a simulated blocking database call), then replies payload
 * anything else             reply: ERR &lt;what to send instead&gt;
 * </pre>
 *
 * Lines end with {@code '\n'} (not part of the line); the payload is the rest of the line after the
 * command's arguments and may hold spaces. Immutable; {@link #perform()} runs on whatever thread the model
 * gives the handler.
 *
 * @param kind   what the handler does
 * @param amount microseconds of CPU ({@link Kind#CPU}) or milliseconds of sleep ({@link Kind#WAIT}); 0 else
 * @param reply  what to answer (the payload, or an error text)
 */
public record LabRequest(Kind kind, long amount, byte[] reply) {

    /** Longest line (command and payload) a lab server accepts. */
    public static final int MAX_LINE = 8 * 1024;

    /** The handler costs of the protocol. */
    public enum Kind { ECHO, CPU, WAIT, ERROR }

    /** Decodes one line (without its {@code '\n'}); never throws, a bad line decodes to {@link Kind#ERROR}. */
    public static LabRequest decode(byte[] line) {
        return decode(line, 0, line.length);
    }

    /** Decodes {@code length} bytes of {@code bytes} at {@code offset} as one line (no {@code '\n'}). */
    public static LabRequest decode(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int space = indexOf(bytes, offset, end, (byte) ' ');
        if (space < 0) {
            return error("a line is ECHO <payload>, CPU <micros> <payload> or WAIT <millis> <payload>");
        }
        String command = new String(bytes, offset, space - offset, StandardCharsets.US_ASCII);
        if (command.equals("ECHO")) {
            return new LabRequest(Kind.ECHO, 0, Arrays.copyOfRange(bytes, space + 1, end));
        }
        if (!command.equals("CPU") && !command.equals("WAIT")) {
            return error("unknown command " + command + "; send ECHO, CPU or WAIT");
        }
        int second = indexOf(bytes, space + 1, end, (byte) ' ');
        long amount = second < 0 ? -1 : parseNumber(bytes, space + 1, second);
        if (amount < 0 || amount > 60_000_000L) {
            return error(command + " needs a number (0..60000000) and a payload, e.g. " + command + " 50 abc");
        }
        return new LabRequest(command.equals("CPU") ? Kind.CPU : Kind.WAIT, amount,
                Arrays.copyOfRange(bytes, second + 1, end));
    }

    /**
     * Runs the handler cost, then returns the reply (without {@code '\n'}). Blocks for {@link Kind#WAIT}.
     * Safe from any thread.
     */
    public byte[] perform() throws InterruptedException {
        if (kind == Kind.CPU) {
            spin(amount);
        } else if (kind == Kind.WAIT && amount > 0) {
            Thread.sleep(amount);
        }
        return reply;
    }

    /** The reply followed by {@code '\n'}, as written to the wire. */
    public static byte[] encode(byte[] reply) {
        byte[] line = Arrays.copyOf(reply, reply.length + 1);
        line[reply.length] = '\n';
        return line;
    }

    /** Busy-spins for {@code micros} of wall time on the calling thread (CPU work that cannot be parked). */
    static void spin(long micros) {
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static LabRequest error(String text) {
        return new LabRequest(Kind.ERROR, 0, ("ERR " + text).getBytes(StandardCharsets.US_ASCII));
    }

    private static int indexOf(byte[] bytes, int from, int end, byte wanted) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static long parseNumber(byte[] bytes, int from, int end) {
        if (from == end || end - from > 9) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < end; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }
}
