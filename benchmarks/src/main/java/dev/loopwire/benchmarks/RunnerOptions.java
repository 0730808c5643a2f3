package dev.loopwire.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@link BenchmarkRunner}. Each option is read from the command line
 * ({@code --name value} or {@code --name=value}), else from the system property
 * {@code loopwire.bench.name}, else its default ({@code --quick} changes the defaults).
 *
 * <pre>
 * --quick                 smoke-test defaults: 1 round, 0.3 s warm-up, 1 s per cell
 * --rounds N              rounds; each starts every peer anew, order rotated   [3 | quick 1]
 * --warmup-ms MS          per-cell warm-up, replies checked but not counted    [1000 | 300]
 * --duration-ms MS        per-cell measurement window                          [2500 | 1000]
 * --peer-warmup-ms MS     discarded load after each peer start, shared by its
 *                         cells, each warmed just before it (in-JVM: per peer
 *                         and scenario)                                        [1500 | 600]
 * --jvm-args "A B"        flags of every peer JVM (split on spaces)            [-Xms4g -Xmx4g -XX:+AlwaysPreTouch]
 * --in-jvm                the old mode: peers inside the runner's JVM, beside
 *                         the load generator (labelled as such; not fair)      [off]
 * --verbose               print the peer processes' output                     [off]
 * --client-threads N      load-generator selector threads                      [1]
 * --peers a,b             peers to run, in order                               [all]
 * --scenarios x,y|none    scenario names (none: skip throughput)               [all]
 * --chart FILE.png        write the bar chart here                             [no chart]
 * --out FILE.md           also write the markdown report here                  [stdout only]
 * --heap K|auto           also measure heap per idle connection with K conns   [skip]
 * --tls                   every connection over TLS (JDK provider; peers that
 *                         cannot serve TLS are skipped); runs in-JVM only      [off]
 * </pre>
 *
 * @param rounds        rounds per cell
 * @param warmup        per-cell warm-up
 * @param duration      per-cell measurement window
 * @param peerWarmup    discarded run per peer before each scenario's rounds
 * @param clientThreads load-generator threads
 * @param peers         selected peer names (empty: all)
 * @param scenarios     selected scenario names (empty: all)
 * @param chart         PNG path or {@code null}
 * @param out           markdown path or {@code null}
 * @param heapConnections 0 to skip the heap measurement, else K
 * @param tls           whether every connection is encrypted
 * @param inJvm         whether peers run inside the runner's JVM (the old, labelled mode)
 * @param jvmArgs       flags of every peer JVM in the out-of-process mode
 * @param verbose       whether the peer processes' output is printed
 */
public record RunnerOptions(int rounds, Duration warmup, Duration duration, Duration peerWarmup, int clientThreads,
        List<String> peers, List<String> scenarios, Path chart, Path out, int heapConnections, boolean tls,
        boolean inJvm, List<String> jvmArgs, boolean verbose) {

    /** Flags of every peer JVM unless {@code --jvm-args} says otherwise. */
    public static final String DEFAULT_JVM_ARGS = "-Xms4g -Xmx4g -XX:+AlwaysPreTouch";

    /** Parses arguments; unknown options are an error. */
    public static RunnerOptions parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for --" + name);
            }
            given.put(name, value);
        }
        for (String name : given.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + KNOWN);
            }
        }
        boolean quick = Boolean.parseBoolean(get(given, "quick", "false"));
        String heap = get(given, "heap", "0");
        return new RunnerOptions(
                Integer.parseInt(get(given, "rounds", quick ? "1" : "3")),
                Duration.ofMillis(Long.parseLong(get(given, "warmup-ms", quick ? "300" : "1000"))),
                Duration.ofMillis(Long.parseLong(get(given, "duration-ms", quick ? "1000" : "2500"))),
                Duration.ofMillis(Long.parseLong(get(given, "peer-warmup-ms", quick ? "600" : "1500"))),
                Integer.parseInt(get(given, "client-threads", "1")),
                list(get(given, "peers", "")),
                list(get(given, "scenarios", "")),
                path(get(given, "chart", "")),
                path(get(given, "out", "")),
                heap.equals("auto") ? HeapPerConnection.defaultConnections() : Integer.parseInt(heap),
                Boolean.parseBoolean(get(given, "tls", "false")),
                Boolean.parseBoolean(get(given, "in-jvm", "false")) || Boolean.parseBoolean(get(given, "tls", "false")),
                words(get(given, "jvm-args", DEFAULT_JVM_ARGS)),
                Boolean.parseBoolean(get(given, "verbose", "false")));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return List.copyOf(words);
    }

    /** Whether {@code --help} was given. */
    public static boolean helpRequested(String... args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    private static final List<String> KNOWN = List.of("quick", "help", "rounds", "warmup-ms", "duration-ms",
            "peer-warmup-ms", "client-threads", "peers", "scenarios", "chart", "out", "heap", "tls", "in-jvm",
            "jvm-args", "verbose");

    /** Options without a value. */
    private static final List<String> FLAGS = List.of("quick", "help", "tls", "in-jvm", "verbose");

    private static String get(Map<String, String> given, String name, String fallback) {
        String value = given.get(name);
        return value != null ? value : System.getProperty("loopwire.bench." + name, fallback);
    }

    private static List<String> list(String csv) {
        List<String> values = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return List.copyOf(values);
    }

    private static Path path(String value) {
        return value.isBlank() ? null : Path.of(value);
    }

    /** The scenarios selected, in standard order ({@code none}: no scenario). */
    public List<Scenario> selectedScenarios() {
        if (scenarios.equals(List.of("none"))) {
            return List.of();
        }
        List<Scenario> all = Scenario.standard();
        if (scenarios.isEmpty()) {
            return all;
        }
        List<Scenario> selected = new ArrayList<>();
        for (String name : scenarios) {
            selected.add(all.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "'")));
        }
        return selected;
    }

    /** Per-cell load options. */
    public LoadOptions cellLoad() {
        return new LoadOptions(warmup, duration, clientThreads, Duration.ofSeconds(5));
    }

    /** Load options of the discarded per-peer warm-up run. */
    public LoadOptions peerWarmupLoad() {
        return new LoadOptions(Duration.ZERO, peerWarmup.isZero() ? Duration.ofMillis(1) : peerWarmup, clientThreads,
                Duration.ofSeconds(5));
    }

    /** Load options of one of {@code parts} discarded warm-up runs that share the peer warm-up. */
    public LoadOptions peerWarmupLoad(int parts) {
        Duration each = peerWarmup.dividedBy(Math.max(1, parts));
        return new LoadOptions(Duration.ZERO, each.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : each,
                clientThreads, Duration.ofSeconds(5));
    }
}
