package dev.loopwire.benchmarks.lab;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up a lab option (a model, a workload) by its short id or enum name, in any case. Stateless. */
final class LabChoices {

    private LabChoices() {
    }

    /**
     * The constant of {@code type} whose id or name is {@code id}.
     *
     * @throws IllegalArgumentException naming {@code kind} and every id when none matches
     */
    static <E extends Enum<E>> E of(Class<E> type, Function<E, String> idOf, String id, String kind) {
        for (E choice : type.getEnumConstants()) {
            if (idOf.apply(choice).equalsIgnoreCase(id) || choice.name().equalsIgnoreCase(id)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("unknown " + kind + " '" + id + "'; " + kind + "s: " + ids(type, idOf));
    }

    /** Every id of {@code type}, comma-separated, in declaration order. */
    static <E extends Enum<E>> String ids(Class<E> type, Function<E, String> idOf) {
        return Arrays.stream(type.getEnumConstants()).map(idOf).collect(Collectors.joining(","));
    }
}
