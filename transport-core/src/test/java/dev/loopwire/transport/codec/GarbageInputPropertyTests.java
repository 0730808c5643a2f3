package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.LineCodecPropertyTests.splitPoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import dev.loopwire.transport.property.Gen;
import dev.loopwire.transport.property.SeedReporter;
import dev.loopwire.transport.property.Seeds;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uniformly random garbage, kilobytes of it, cut at random points, into every kind of decoder: whatever
 * arrives, the decoder only ever reports {@link FrameDecodingException}s, delivers no frame above its
 * limit, never needs more than {@link FrameDecoder#maxFrameBytes()} of a partial frame, and once it
 * reports a fatal error it is closed. (The reference-model properties use short, delimiter-heavy input;
 * this one covers long random streams.) Each case is drawn from a seed; see {@link Seeds} to re-run one.
 */
@ExtendWith(SeedReporter.class)
class GarbageInputPropertyTests {

    static Stream<Arguments> seeds() {
        return Seeds.of(300);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void whenInputIsRandomGarbageThenTheLimitsAreNeverBroken(long seed) {
        Gen gen = new Gen(seed);
        byte[] input = gen.bytes(1, 8_192);
        Framing framing = framing(gen);
        List<Integer> cuts = gen.ints(0, 30, 0, 1_000_000);
        BufferKind kind = gen.of(BufferKind.class);
        CodecHarness harness = CodecHarness.of(framing, kind);

        // any exception other than FrameDecodingException escapes the harness and fails the property
        harness.feedSplitAt(input, splitPoints(cuts, input.length));

        int limit = framing.maxFrameBytes();
        assertThat(harness.frames()).allSatisfy(frame -> assertThat(frame.length).isLessThanOrEqualTo(limit));
        assertThat(harness.maxPendingBytes()).isLessThanOrEqualTo(limit);
        boolean fatal = harness.errors().stream().anyMatch(error -> !error.recoverable());
        assertThat(harness.closed()).isEqualTo(fatal);
        if (fatal) {
            assertThat(harness.events().get(harness.events().size() - 1)).isInstanceOf(CodecHarness.DecodeError.class);
        }
    }

    private static Framing framing(Gen gen) {
        if (gen.chance(1, 2)) {
            return LineFraming.defaults().delimiter(gen.of(LineDelimiter.class)).maxLineLength(gen.between(1, 300))
                    .onTooLong(gen.of(TooLongFrameAction.class));
        }
        int size = gen.oneOfInts(1, 2, 3, 4, 8);
        int offset = gen.between(0, 3);
        int adjustment = gen.between(-16, 16);
        int aboveHeader = gen.between(1, 600);
        ByteOrder order = gen.oneOf(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
        TooLongFrameAction action = gen.of(TooLongFrameAction.class);
        return LengthFieldFraming.defaults().lengthFieldLength(size).lengthFieldOffset(offset)
                .maxFrameLength(offset + size + aboveHeader).lengthAdjustment(adjustment).byteOrder(order)
                .onTooLong(action);
    }
}
