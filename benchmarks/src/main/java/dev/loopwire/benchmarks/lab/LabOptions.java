package dev.loopwire.benchmarks.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of one lab run, parsed from the command line ({@link #parse}). Defaults: every model, every
 * workload, 16/256/2000 connections, depth 1 and 16, 0.5 s warm-up + 1.5 s window per cell, 2 s drain,
 * 1 round, loops = processors, 32 handler workers, servers on this JVM's {@code java}.
 *
 * @param models        models to run, in table order
 * @param workloads     workloads to run
 * @param connections   connection counts
 * @param depths        pipelining depths
 * @param warmup        checked, uncounted load at the start of each cell
 * @param duration      measured window per cell
 * @param drain         how long a cell waits for replies still outstanding after its window
 * @param clientThreads load-generator threads
 * @param loops         event loops of the multi-loop models
 * @param workers       handler threads of the pooled models
 * @param serverJava    the {@code java} every server runs with
 * @param jvmArgs       flags of every server JVM
 * @param out           the markdown file whose generated section is (re)written; null: print only
 * @param charts        directory of the PNG charts; null: no charts
 * @param verbose       print the servers' output
 */
public record LabOptions(List<LabModel> models, List<LabWorkload> workloads, List<Integer> connections,
        List<Integer> depths, Duration warmup, Duration duration, Duration drain, int clientThreads, int loops,
        int workers, String serverJava, List<String> jvmArgs, Path out, Path charts, boolean verbose) {

    /** Flags of every server JVM unless {@code --jvm-args} says otherwise. */
    public static final String DEFAULT_JVM_ARGS = "-Xms256m -Xmx1g";

    /** The full matrix with the defaults. */
    public static LabOptions defaults() {
        return new LabOptions(List.of(LabModel.values()), List.of(LabWorkload.values()), List.of(16, 256, 2000),
                List.of(1, 16), Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(2), 1,
                Runtime.getRuntime().availableProcessors(), 32,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of(DEFAULT_JVM_ARGS.split(" ")), null, null, false);
    }

    /** Number of cells per model. */
    public int cellsPerModel() {
        return workloads.size() * connections.size() * depths.size();
    }

    /**
     * Parses {@code --models a,b --workloads x,y --connections 16,256 --depths 1,16 --warmup-ms MS
     * --duration-ms MS --drain-ms MS --client-threads N --loops N --workers N --server-java PATH
     * --jvm-args "FLAGS" --out FILE.md --charts DIR --quick --verbose}. {@code --quick} is a smoke run:
     * echo and mixed, 16 connections, depth 1 and 16, 0.2 s + 0.5 s per cell.
     */
    public static LabOptions parse(String... args) {
        LabOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--quick")) {
                o = new LabOptions(o.models, List.of(LabWorkload.ECHO, LabWorkload.MIXED), List.of(16), List.of(1, 16),
                        Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(2), o.clientThreads,
                        o.loops, o.workers, o.serverJava, o.jvmArgs, o.out, o.charts, o.verbose);
                continue;
            }
            if (name.equals("--verbose")) {
                o = new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup, o.duration, o.drain,
                        o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs, o.out, o.charts, true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value; see the javadoc of LabOptions.parse");
            }
            String value = args[++i];
            o = switch (name) {
                case "--models" -> new LabOptions(split(value).stream().map(LabModel::of).toList(), o.workloads,
                        o.connections, o.depths, o.warmup, o.duration, o.drain, o.clientThreads, o.loops, o.workers,
                        o.serverJava, o.jvmArgs, o.out, o.charts, o.verbose);
                case "--workloads" -> new LabOptions(o.models, split(value).stream().map(LabWorkload::of).toList(),
                        o.connections, o.depths, o.warmup, o.duration, o.drain, o.clientThreads, o.loops, o.workers,
                        o.serverJava, o.jvmArgs, o.out, o.charts, o.verbose);
                case "--connections" -> new LabOptions(o.models, o.workloads, ints(value), o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs, o.out,
                        o.charts, o.verbose);
                case "--depths" -> new LabOptions(o.models, o.workloads, o.connections, ints(value), o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs, o.out,
                        o.charts, o.verbose);
                case "--warmup-ms" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, millis(value),
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs, o.out,
                        o.charts, o.verbose);
                case "--duration-ms" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        millis(value), o.drain, o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs, o.out,
                        o.charts, o.verbose);
                case "--drain-ms" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, millis(value), o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs,
                        o.out, o.charts, o.verbose);
                case "--client-threads" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, positive(name, value), o.loops, o.workers, o.serverJava, o.jvmArgs,
                        o.out, o.charts, o.verbose);
                case "--loops" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, positive(name, value), o.workers, o.serverJava,
                        o.jvmArgs, o.out, o.charts, o.verbose);
                case "--workers" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, positive(name, value), o.serverJava,
                        o.jvmArgs, o.out, o.charts, o.verbose);
                case "--server-java" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, value, o.jvmArgs, o.out,
                        o.charts, o.verbose);
                case "--jvm-args" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, o.serverJava,
                        value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+")), o.out, o.charts,
                        o.verbose);
                case "--out" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs,
                        Path.of(value), o.charts, o.verbose);
                case "--charts" -> new LabOptions(o.models, o.workloads, o.connections, o.depths, o.warmup,
                        o.duration, o.drain, o.clientThreads, o.loops, o.workers, o.serverJava, o.jvmArgs, o.out,
                        Path.of(value), o.verbose);
                default -> throw new IllegalArgumentException("unknown option " + name
                        + "; options: --models --workloads --connections --depths --warmup-ms --duration-ms"
                        + " --drain-ms --client-threads --loops --workers --server-java --jvm-args --out --charts"
                        + " --quick --verbose");
            };
        }
        return o;
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static List<Integer> ints(String value) {
        return split(value).stream().map(v -> positive("a count", v)).toList();
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return n;
    }

    private static Duration millis(String value) {
        return Duration.ofMillis(Long.parseLong(value));
    }
}
