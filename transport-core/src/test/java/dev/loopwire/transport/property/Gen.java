package dev.loopwire.transport.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Random inputs for one property-test case, all drawn from one seed (so the seed alone reproduces the
 * case). Sizes and numbers favour their edges: a drawn size is its minimum or its maximum one time in
 * eight each, since edge cases are where codecs break. Used by one test thread.
 */
public final class Gen {

    private final SplittableRandom random;

    public Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A number in {@code [min, max]}, the edges more often than uniform. */
    public int between(int min, int max) {
        int roll = random.nextInt(8);
        if (roll == 0) {
            return min;
        }
        if (roll == 1) {
            return max;
        }
        return min + (int) random.nextLong((long) max - min + 1);
    }

    /** A number in {@code [min, max]}, uniform. */
    public int uniform(int min, int max) {
        return min + (int) random.nextLong((long) max - min + 1);
    }

    /** True with probability {@code weight / total}. */
    public boolean chance(int weight, int total) {
        return random.nextInt(total) < weight;
    }

    /** Any byte, uniform. */
    public byte anyByte() {
        return (byte) random.nextInt(256);
    }

    /** One of the values. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the ints. */
    public int oneOfInts(int... values) {
        return values[random.nextInt(values.length)];
    }

    /** One constant of the enum. */
    public <E extends Enum<E>> E of(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** Uniform random bytes, {@code minSize} to {@code maxSize} of them. */
    public byte[] bytes(int minSize, int maxSize) {
        byte[] bytes = new byte[between(minSize, maxSize)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = anyByte();
        }
        return bytes;
    }

    /** Bytes from {@code element}, {@code minSize} to {@code maxSize} of them. */
    public byte[] bytes(int minSize, int maxSize, ByteSource element) {
        byte[] bytes = new byte[between(minSize, maxSize)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = element.next(this);
        }
        return bytes;
    }

    /** {@code minSize} to {@code maxSize} elements. */
    public <T> List<T> list(int minSize, int maxSize, Supplier<T> element) {
        int size = between(minSize, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** {@code minSize} to {@code maxSize} numbers in {@code [min, max]}. */
    public List<Integer> ints(int minSize, int maxSize, int min, int max) {
        return list(minSize, maxSize, () -> between(min, max));
    }

    /** Draws one byte. */
    @FunctionalInterface
    public interface ByteSource {
        byte next(Gen gen);
    }
}
