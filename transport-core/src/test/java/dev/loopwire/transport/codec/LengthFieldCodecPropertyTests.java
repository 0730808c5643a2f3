package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.LineCodecPropertyTests.simplify;
import static dev.loopwire.transport.codec.LineCodecPropertyTests.splitPoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
 * Properties of the length-field codecs: round trips for any options, and a reference model for any input.
 * Each case is drawn from a seed; see {@link Seeds} to re-run one.
 */
@ExtendWith(SeedReporter.class)
class LengthFieldCodecPropertyTests {

    /**
     * A framing and payloads its encoder accepts.
     *
     * @param framing  the options
     * @param payloads frames without their length field
     */
    record Case(LengthFieldFraming framing, List<byte[]> payloads) {

        @Override
        public String toString() {
            return "Case[" + framing + ", payloads=" + payloads.stream().map(HexFormat.of()::formatHex).toList() + "]";
        }
    }

    static Stream<Arguments> seeds400() {
        return Seeds.of(400);
    }

    static Stream<Arguments> seeds200() {
        return Seeds.of(200);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds400")
    void whenEncodedFramesAreSplitAnywhereThenTheyDecodeToTheSameFrames(long seed) {
        Gen gen = new Gen(seed);
        Case testCase = testCase(gen);
        List<Integer> cuts = LineCodecPropertyTests.cuts(gen);
        BufferKind kind = gen.of(BufferKind.class);
        LengthFieldFraming framing = testCase.framing();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (byte[] payload : testCase.payloads()) {
            ByteBuffer encoded = framing.encoder().encode(payload);
            byte[] frame = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
            wire.write(frame, 0, frame.length);
            // a frame shorter than the bytes to strip is skipped with a recoverable error
            expected.add(framing.initialBytesToStrip() > frame.length ? "error CORRUPT recoverable"
                    : "frame " + HexFormat.of().formatHex(frame, framing.initialBytesToStrip(), frame.length));
        }
        byte[] input = wire.toByteArray();

        CodecHarness harness = CodecHarness.of(framing, kind).feedSplitAt(input, splitPoints(cuts, input.length));

        assertThat(simplify(harness.events())).containsExactlyElementsOf(expected);
        assertThat(harness.pendingBytes()).isZero();
        assertThat(harness.closed()).isFalse();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds200")
    void whenEncodingWrappedThenTheSameBytesGoOnTheWireWithoutCopyingThePayload(long seed) {
        Case testCase = testCase(new Gen(seed));
        FrameEncoder encoder = testCase.framing().encoder();
        for (byte[] payload : testCase.payloads()) {
            ByteBuffer[] parts = encoder.encodeWrapped(payload);

            assertThat(concatenate(parts)).isEqualTo(remainingBytes(encoder.encode(payload)));
            assertThat(parts).hasSize(2);
            assertThat(parts[1].array()).isSameAs(payload);
        }
    }

    /** The bytes from position to limit of each buffer, one after the other. */
    static byte[] concatenate(ByteBuffer... buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = remainingBytes(buffer);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    private static byte[] remainingBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds400")
    void whenAnyInputIsSplitAnywhereThenTheDecoderGivesWhatTheReferenceModelGives(long seed) {
        Gen gen = new Gen(seed);
        byte[] input = gen.bytes(0, 120, LengthFieldCodecPropertyTests::noisy);
        LengthFieldFraming framing = framing(gen);
        List<Integer> cuts = LineCodecPropertyTests.cuts(gen);
        BufferKind kind = gen.of(BufferKind.class);
        CodecHarness harness = CodecHarness.of(framing, kind);

        // any exception other than FrameDecodingException escapes the harness and fails the property
        harness.feedSplitAt(input, splitPoints(cuts, input.length));

        List<String> expected = new ArrayList<>();
        int pending = new ReferenceFrames(input, framing, expected).run();
        assertThat(harness.frames()).allSatisfy(
                frame -> assertThat(frame.length).isLessThanOrEqualTo(framing.maxFrameLength()));
        assertThat(harness.maxPendingBytes()).isLessThan(framing.maxFrameLength());
        assertThat(simplify(harness.events())).containsExactlyElementsOf(expected);
        assertThat(harness.pendingBytes()).isEqualTo(pending);
    }

    /** A framing (max frame 80) and up to 10 payloads its encoder accepts. */
    private static Case testCase(Gen gen) {
        int size = gen.oneOfInts(1, 2, 3, 4, 8);
        int offset = gen.between(0, 3);
        int adjustment = gen.between(-12, 4);
        int extraStrip = gen.between(-12, 3);
        ByteOrder order = gen.oneOf(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
        TooLongFrameAction action = gen.of(TooLongFrameAction.class);
        LengthFieldFraming framing = LengthFieldFraming.defaults().lengthFieldLength(size).lengthFieldOffset(offset)
                .lengthAdjustment(adjustment).initialBytesToStrip(Math.max(0, offset + size + extraStrip))
                .byteOrder(order).maxFrameLength(80).onTooLong(action);
        return new Case(framing, gen.list(0, 10, () -> payload(gen, framing)));
    }

    /** A payload the encoder accepts: at least the offset, and enough bytes after it for a positive adjustment. */
    private static byte[] payload(Gen gen, LengthFieldFraming framing) {
        int min = framing.lengthFieldOffset() + Math.max(0, framing.lengthAdjustment());
        int max = framing.maxFrameLength() - framing.lengthFieldLength();
        return gen.bytes(min, Math.min(max, min + 40));
    }

    /** Any options, with extreme adjustments one time in nine and maximum frames of 1 to 40 above the header. */
    private static LengthFieldFraming framing(Gen gen) {
        int size = gen.oneOfInts(1, 2, 3, 4, 8);
        int offset = gen.between(0, 3);
        int adjustment = gen.chance(8, 9) ? gen.between(-12, 12)
                : gen.oneOfInts(Integer.MIN_VALUE, Integer.MAX_VALUE, -1_000_000, 1_000_000);
        int strip = gen.between(0, 14);
        ByteOrder order = gen.oneOf(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
        int aboveHeader = gen.between(1, 40);
        TooLongFrameAction action = gen.of(TooLongFrameAction.class);
        int maxFrameLength = offset + size + aboveHeader;
        return LengthFieldFraming.defaults().lengthFieldLength(size).lengthFieldOffset(offset)
                .maxFrameLength(maxFrameLength).lengthAdjustment(adjustment)
                .initialBytesToStrip(Math.min(strip, maxFrameLength)).byteOrder(order).onTooLong(action);
    }

    /** A byte that makes small, zero, huge and negative lengths likely: 6 in 13 zero, 4 in 13 1-12, 1 in 13 0x7F/0x80/0xFF, 2 in 13 any. */
    private static byte noisy(Gen gen) {
        int roll = gen.uniform(0, 12);
        if (roll < 6) {
            return 0;
        }
        if (roll < 10) {
            return (byte) gen.uniform(1, 12);
        }
        if (roll < 11) {
            return (byte) gen.oneOfInts(0x7F, 0x80, 0xFF);
        }
        return gen.anyByte();
    }

    /** The obvious length-field decoder over a complete input, with exact arithmetic. */
    private record ReferenceFrames(byte[] in, LengthFieldFraming framing, List<String> events) {

        /** Decodes everything; returns the bytes left pending. */
        int run() {
            int header = framing.headerLength();
            int strip = framing.initialBytesToStrip();
            BigInteger max = BigInteger.valueOf(framing.maxFrameLength());
            int pos = 0;
            while (in.length - pos >= header) {
                BigInteger value = field(pos + framing.lengthFieldOffset());
                if (value.signum() < 0) {
                    events.add("error CORRUPT fatal");
                    return 0;
                }
                BigInteger frame = value.add(BigInteger.valueOf(header)).add(BigInteger.valueOf(framing.lengthAdjustment()));
                if (frame.compareTo(BigInteger.valueOf(header)) < 0) {
                    events.add("error CORRUPT fatal");
                    return 0;
                }
                boolean tooLong = frame.compareTo(max) > 0;
                if (tooLong && framing.tooLongAction() == TooLongFrameAction.CLOSE) {
                    events.add("error TOO_LONG fatal");
                    return 0;
                }
                if (tooLong || frame.compareTo(BigInteger.valueOf(strip)) < 0) {
                    events.add(tooLong ? "error TOO_LONG recoverable" : "error CORRUPT recoverable");
                    if (frame.compareTo(BigInteger.valueOf(in.length - pos)) > 0) {
                        return 0;
                    }
                    pos += frame.intValueExact();
                    continue;
                }
                int length = frame.intValueExact();
                if (in.length - pos < length) {
                    return in.length - pos;
                }
                events.add("frame " + HexFormat.of().formatHex(in, pos + strip, pos + length));
                pos += length;
            }
            return in.length - pos;
        }

        /** The length field at {@code index}: unsigned for 1 to 3 bytes, two's complement for 4 and 8. */
        private BigInteger field(int index) {
            int size = framing.lengthFieldLength();
            byte[] bigEndian = new byte[size];
            for (int i = 0; i < size; i++) {
                bigEndian[i] = framing.byteOrder() == ByteOrder.BIG_ENDIAN ? in[index + i] : in[index + size - 1 - i];
            }
            return size >= 4 ? new BigInteger(bigEndian) : new BigInteger(1, bigEndian);
        }
    }
}
