package dev.loopwire.benchmarks.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the lab reads about a server process from Linux's {@code /proc}: threads and resident memory from
 * {@code /proc/PID/status} ({@code Threads}, {@code VmRSS}), CPU time from {@code /proc/PID/stat} (user +
 * system, fields 14 and 15, in clock ticks of 10 ms). Safe from any thread; -1 when not readable.
 */
final class ProcStats {

    /** Linux's USER_HZ; the lab only runs where it is the usual 100. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStats() {
    }

    /** The {@code Threads:} line of {@code /proc/PID/status}, or -1. */
    static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    /** The {@code VmRSS:} line of {@code /proc/PID/status} in KiB, or -1. */
    static long rssKiB(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** User + system CPU time in nanoseconds, or -1. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
