package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.LineCodecPropertyTest.simplify;
import static dev.loopwire.transport.codec.LineCodecPropertyTest.splitPoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the length-field codecs: round trips for any options, and a reference model for any input. */
class LengthFieldCodecPropertyTest {

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

    @Property(tries = 400)
    void encodedFramesSplitAnywhereDecodeToTheSameFrames(@ForAll("cases") Case testCase,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cuts,
            @ForAll BufferKind kind) {
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

    @Property(tries = 200)
    void wrappedEncodingPutsTheSameBytesOnTheWireWithoutCopyingThePayload(@ForAll("cases") Case testCase) {
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

    @Property(tries = 400)
    void anyInputSplitAnywhereGivesWhatTheReferenceModelGives(
            @ForAll("noisyBytes") byte[] input,
            @ForAll("framings") LengthFieldFraming framing,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cuts,
            @ForAll BufferKind kind) {
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

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> fieldLengths = Arbitraries.of(1, 2, 3, 4, 8);
        Arbitrary<Integer> offsets = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> adjustments = Arbitraries.integers().between(-12, 4);
        Arbitrary<Integer> extraStrip = Arbitraries.integers().between(-12, 3);
        Arbitrary<ByteOrder> orders = Arbitraries.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
        Arbitrary<TooLongFrameAction> actions = Arbitraries.of(TooLongFrameAction.class);
        return Combinators.combine(fieldLengths, offsets, adjustments, extraStrip, orders, actions)
                .as((size, offset, adjustment, extra, order, action) -> LengthFieldFraming.defaults()
                        .lengthFieldLength(size).lengthFieldOffset(offset).lengthAdjustment(adjustment)
                        .initialBytesToStrip(Math.max(0, offset + size + extra)).byteOrder(order)
                        .maxFrameLength(80).onTooLong(action))
                .flatMap(framing -> payloads(framing).list().ofMaxSize(10).map(list -> new Case(framing, list)));
    }

    /** Payloads the encoder accepts: at least the offset, and enough bytes after it for a positive adjustment. */
    private static Arbitrary<byte[]> payloads(LengthFieldFraming framing) {
        int min = framing.lengthFieldOffset() + Math.max(0, framing.lengthAdjustment());
        int max = framing.maxFrameLength() - framing.lengthFieldLength();
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(Math.min(max, min + 40));
    }

    @Provide
    Arbitrary<LengthFieldFraming> framings() {
        Arbitrary<Integer> fieldLengths = Arbitraries.of(1, 2, 3, 4, 8);
        Arbitrary<Integer> offsets = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> adjustments = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-12, 12)),
                Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -1_000_000, 1_000_000)));
        Arbitrary<Integer> strips = Arbitraries.integers().between(0, 14);
        Arbitrary<ByteOrder> orders = Arbitraries.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
        Arbitrary<Integer> maxima = Arbitraries.integers().between(1, 40);
        Arbitrary<TooLongFrameAction> actions = Arbitraries.of(TooLongFrameAction.class);
        return Combinators.combine(fieldLengths, offsets, adjustments, strips, orders, maxima, actions)
                .as((size, offset, adjustment, strip, order, aboveHeader, action) -> {
                    int maxFrameLength = offset + size + aboveHeader;
                    return LengthFieldFraming.defaults().lengthFieldLength(size).lengthFieldOffset(offset)
                            .maxFrameLength(maxFrameLength).lengthAdjustment(adjustment)
                            .initialBytesToStrip(Math.min(strip, maxFrameLength)).byteOrder(order).onTooLong(action);
                });
    }

    /** Bytes that make small, zero, huge and negative lengths likely. */
    @Provide
    Arbitrary<byte[]> noisyBytes() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just((byte) 0)),
                        Tuple.of(4, Arbitraries.bytes().between((byte) 1, (byte) 12)),
                        Tuple.of(1, Arbitraries.of((byte) 0x7F, (byte) 0x80, (byte) 0xFF)),
                        Tuple.of(2, Arbitraries.bytes()))
                .array(byte[].class).ofMaxSize(120);
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
