package dev.loopwire.benchmarks.lab;

import dev.loopwire.benchmarks.RequestPrefix;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The handler costs of the lab, as the command the load generator writes before each payload. The mixed
 * workload is chosen deterministically from the per-connection sequence number: request {@code seq} is a
 * 20 ms {@code WAIT} when {@code seq % 20 == 19} (5%), else an {@code ECHO}. Immutable.
 */
public enum LabWorkload implements RequestPrefix {

    /** No handler cost: the reply is the payload. */
    ECHO("echo", "no handler cost (echo)"),
    /** 50 µs of CPU per request (busy spin). */
    CPU("cpu-50us", "50 µs of CPU per request"),
    /** A 2 ms blocking sleep per request (a simulated database call). */
    WAIT("wait-2ms", "a 2 ms blocking wait per request"),
    /** 95% echo, 5% a 20 ms blocking wait. */
    MIXED("mixed", "95% echo, 5% a 20 ms blocking wait");

    private static final byte[] ECHO_PREFIX = ascii("ECHO ");
    private static final byte[] CPU_PREFIX = ascii("CPU 50 ");
    private static final byte[] WAIT_PREFIX = ascii("WAIT 2 ");
    private static final byte[] SLOW_PREFIX = ascii("WAIT 20 ");

    private final String id;
    private final String description;

    LabWorkload(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The workload named {@code id} (its id or enum name, any case). */
    public static LabWorkload of(String id) {
        return LabChoices.of(LabWorkload.class, LabWorkload::id, id, "workload");
    }

    @Override
    public byte[] forSequence(long seq) {
        return switch (this) {
            case ECHO -> ECHO_PREFIX;
            case CPU -> CPU_PREFIX;
            case WAIT -> WAIT_PREFIX;
            case MIXED -> seq % 20 == 19 ? SLOW_PREFIX : ECHO_PREFIX;
        };
    }

    @Override
    public int maxLength() {
        return SLOW_PREFIX.length;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
