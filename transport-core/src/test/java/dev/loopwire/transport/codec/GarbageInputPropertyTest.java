package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.LineCodecPropertyTest.splitPoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Uniformly random garbage, kilobytes of it, cut at random points, into every kind of decoder: whatever
 * arrives, the decoder only ever reports {@link FrameDecodingException}s, delivers no frame above its
 * limit, never needs more than {@link FrameDecoder#maxFrameBytes()} of a partial frame, and once it
 * reports a fatal error it is closed. (The reference-model properties use short, delimiter-heavy input;
 * this one covers long random streams.)
 */
class GarbageInputPropertyTest {

    @Property(tries = 300)
    void randomGarbageNeverBreaksTheLimits(@ForAll("garbage") byte[] input, @ForAll("framings") Framing framing,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 1_000_000) Integer> cuts,
            @ForAll BufferKind kind) {
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

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8_192);
    }

    @Provide
    Arbitrary<Framing> framings() {
        Arbitrary<Framing> lines = Combinators.combine(Arbitraries.of(LineDelimiter.class),
                        Arbitraries.integers().between(1, 300), Arbitraries.of(TooLongFrameAction.class))
                .as((delimiter, max, action) -> LineFraming.defaults().delimiter(delimiter).maxLineLength(max)
                        .onTooLong(action));
        Arbitrary<Framing> lengths = Combinators.combine(Arbitraries.of(1, 2, 3, 4, 8),
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(-16, 16),
                        Arbitraries.integers().between(1, 600),
                        Arbitraries.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN),
                        Arbitraries.of(TooLongFrameAction.class))
                .as((size, offset, adjustment, aboveHeader, order, action) -> LengthFieldFraming.defaults()
                        .lengthFieldLength(size).lengthFieldOffset(offset).maxFrameLength(offset + size + aboveHeader)
                        .lengthAdjustment(adjustment).byteOrder(order).onTooLong(action));
        return Arbitraries.oneOf(lines, lengths);
    }
}
