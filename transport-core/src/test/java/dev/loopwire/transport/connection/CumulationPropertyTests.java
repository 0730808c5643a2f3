package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import dev.loopwire.transport.property.Gen;
import dev.loopwire.transport.property.SeedReporter;
import dev.loopwire.transport.property.Seeds;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The carry-over buffer of a partial frame, grown the way a connection grows it (the decoder never leaves
 * more than {@code maxFrameBytes} of a partial frame, and one read adds at most 64 KiB): it keeps every
 * byte in order and its capacity never passes {@code maxFrameBytes} unless the bytes it holds need more.
 * Each case is drawn from a seed; see {@link Seeds} to re-run one.
 */
@ExtendWith(SeedReporter.class)
class CumulationPropertyTests {

    static Stream<Arguments> seeds() {
        return Seeds.of(500);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void whenCumulatingThenItGrowsInOrderAndNeverBeyondTheFrameLimitUnlessItsBytesNeedIt(long seed) {
        Gen gen = new Gen(seed);
        int maxFrameBytes = gen.between(1, 200_000);
        List<Integer> reads = gen.ints(1, 40, 1, 65_536);
        ByteBuffer cumulation = null;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int next = 0;
        for (int size : reads) {
            if (cumulation != null && cumulation.position() > maxFrameBytes) {
                break; // the decoder would have rejected the frame by now
            }
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = (byte) next++;
            }
            expected.write(chunk, 0, size);
            cumulation = cumulation == null ? Cumulation.keep(ByteBuffer.wrap(chunk), maxFrameBytes)
                    : Cumulation.append(cumulation, ByteBuffer.wrap(chunk), maxFrameBytes);

            assertThat(cumulation.capacity()).isLessThanOrEqualTo(Math.max(maxFrameBytes, cumulation.position()));
            byte[] held = Arrays.copyOf(cumulation.array(), cumulation.position());
            assertThat(held).isEqualTo(expected.toByteArray());
        }
    }
}
