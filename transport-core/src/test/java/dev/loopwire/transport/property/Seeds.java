package dev.loopwire.transport.property;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeds for property tests written as JUnit Jupiter parameterized tests: each case draws its inputs from a
 * {@link Gen} made from one seed, and the seed is the case's display name, so a failing case prints it.
 *
 * <p>Each run draws fresh seeds (from a base seed printed once per run); {@code -Dloopwire.seed=<seed>}
 * runs only the case of that seed, with the inputs that failed:
 * <pre>
 * mvn -B -pl transport-core verify -Dtest='LineCodecPropertyTests' -Dloopwire.seed=-4962768465676381896
 * </pre>
 * {@code -Dloopwire.seed.base=<seed>} repeats a whole run. Use with
 * {@code @ParameterizedTest(name = Seeds.NAME) @MethodSource} returning {@link #of(int)}.
 */
public final class Seeds {

    /** The display name of a case: its seed, the first (long) argument. */
    public static final String NAME = "seed {0}";

    /** System property that re-runs one case. */
    public static final String SEED = "loopwire.seed";

    /** System property that repeats a whole run. */
    public static final String BASE = "loopwire.seed.base";

    private static final long BASE_SEED = baseSeed();

    private Seeds() {
    }

    /** {@code tries} seeds, or only the one given by {@code -Dloopwire.seed}. */
    public static Stream<Arguments> of(int tries) {
        String one = System.getProperty(SEED);
        if (one != null && !one.isBlank()) {
            return Stream.of(Arguments.of(Long.parseLong(one.trim())));
        }
        SplittableRandom seeds = new SplittableRandom(BASE_SEED);
        return LongStream.generate(seeds::nextLong).limit(tries).mapToObj(Arguments::of);
    }

    private static long baseSeed() {
        String given = System.getProperty(BASE);
        long base = given == null || given.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(given.trim());
        System.out.println("Property tests: -D" + BASE + "=" + base + " repeats this run's seeds");
        return base;
    }
}
