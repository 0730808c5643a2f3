package dev.loopwire.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import dev.loopwire.transport.codec.CodecHarness.DecodeError;
import dev.loopwire.transport.codec.CodecHarness.Event;
import dev.loopwire.transport.codec.CodecHarness.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * Properties of the line codecs: round trips through any split, and a reference model for any input.
 * Each case is drawn from a seed; see {@link Seeds} to re-run one.
 */
@ExtendWith(SeedReporter.class)
class LineCodecPropertyTests {

    /**
     * A line framing and lines that it can carry.
     *
     * @param delimiter the delimiter
     * @param max       the maximum line length
     * @param action    the too-long action
     * @param lines     payloads without delimiter, each at most {@code max} bytes
     */
    record LineCase(LineDelimiter delimiter, int max, TooLongFrameAction action, List<byte[]> lines) {

        @Override
        public String toString() {
            List<String> hex = lines.stream().map(HexFormat.of()::formatHex).toList();
            return "LineCase[" + delimiter + ", max=" + max + ", " + action + ", lines=" + hex + "]";
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
    void whenEncodedLinesAreSplitAnywhereThenTheyDecodeToTheSameLines(long seed) {
        Gen gen = new Gen(seed);
        LineCase lineCase = lineCase(gen);
        List<Integer> cuts = cuts(gen);
        BufferKind kind = gen.of(BufferKind.class);
        LineFraming framing = LineFraming.defaults().delimiter(lineCase.delimiter()).maxLineLength(lineCase.max())
                .onTooLong(lineCase.action());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] line : lineCase.lines()) {
            ByteBuffer encoded = framing.encoder().encode(line);
            wire.write(encoded.array(), encoded.position(), encoded.remaining());
        }
        byte[] input = wire.toByteArray();

        CodecHarness harness = CodecHarness.of(framing, kind).feedSplitAt(input, splitPoints(cuts, input.length));

        assertThat(harness.errors()).isEmpty();
        assertThat(harness.frames()).containsExactlyElementsOf(lineCase.lines());
        assertThat(harness.pendingBytes()).isZero();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds200")
    void whenEncodingWrappedThenTheSameBytesGoOnTheWireWithoutCopyingThePayload(long seed) {
        LineCase lineCase = lineCase(new Gen(seed));
        FrameEncoder encoder = LineFraming.defaults().delimiter(lineCase.delimiter()).maxLineLength(lineCase.max())
                .encoder();
        for (byte[] line : lineCase.lines()) {
            ByteBuffer[] parts = encoder.encodeWrapped(line);

            assertThat(LengthFieldCodecPropertyTests.concatenate(parts))
                    .isEqualTo(LengthFieldCodecPropertyTests.concatenate(encoder.encode(line)));
            assertThat(parts[0].array()).isSameAs(line);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds400")
    void whenAnyInputIsSplitAnywhereThenTheDecoderGivesWhatTheReferenceModelGives(long seed) {
        Gen gen = new Gen(seed);
        byte[] input = gen.bytes(0, 80, LineCodecPropertyTests::noisy);
        LineDelimiter delimiter = gen.of(LineDelimiter.class);
        int max = gen.between(1, 12);
        TooLongFrameAction action = gen.of(TooLongFrameAction.class);
        List<Integer> cuts = cuts(gen);
        BufferKind kind = gen.of(BufferKind.class);
        LineFrameDecoder decoder = new LineFrameDecoder(delimiter, max, action);
        CodecHarness harness = new CodecHarness(decoder, kind);

        // any exception other than FrameDecodingException escapes the harness and fails the property
        harness.feedSplitAt(input, splitPoints(cuts, input.length));

        assertThat(harness.frames()).allSatisfy(frame -> assertThat(frame.length).isLessThanOrEqualTo(max));
        assertThat(harness.maxPendingBytes()).isLessThanOrEqualTo(decoder.maxFrameBytes());
        assertThat(simplify(harness.events())).containsExactlyElementsOf(reference(input, delimiter, max, action));
        assertThat(harness.closed()).isEqualTo(action == TooLongFrameAction.CLOSE && !harness.errors().isEmpty());
        assertThat(harness.pendingBytes()).isEqualTo(referencePending(input, delimiter, max, action));
    }

    /** A line framing and up to 12 lines it can carry. */
    static LineCase lineCase(Gen gen) {
        LineDelimiter delimiter = gen.of(LineDelimiter.class);
        int max = gen.between(1, 40);
        TooLongFrameAction action = gen.of(TooLongFrameAction.class);
        return new LineCase(delimiter, max, action, gen.list(0, 12, () -> line(gen, delimiter, max)));
    }

    /** Up to 12 cut positions for {@link #splitPoints}. */
    static List<Integer> cuts(Gen gen) {
        return gen.ints(0, 12, 0, 100_000);
    }

    /** A payload the delimiter can carry: no {@code \n} (LF, AUTO), no {@code \r\n} (CRLF), no last {@code \r} (AUTO). */
    private static byte[] line(Gen gen, LineDelimiter delimiter, int max) {
        byte[] line = gen.bytes(0, max, LineCodecPropertyTests::noisy);
        for (int i = 0; i < line.length; i++) {
            boolean breaksLine = delimiter == LineDelimiter.CRLF ? line[i] == '\n' && i > 0 && line[i - 1] == '\r'
                    : line[i] == '\n';
            if (breaksLine) {
                line[i] = 'x';
            }
        }
        if (delimiter == LineDelimiter.AUTO && line.length > 0 && line[line.length - 1] == '\r') {
            line[line.length - 1] = 'y';
        }
        return line;
    }

    /** A byte, delimiter characters among them often: 3 in 14 CR, 3 in 14 LF, 4 in 14 'a' or 'b', 4 in 14 any. */
    private static byte noisy(Gen gen) {
        int roll = gen.uniform(0, 13);
        if (roll < 3) {
            return '\r';
        }
        if (roll < 6) {
            return '\n';
        }
        if (roll < 10) {
            return gen.chance(1, 2) ? (byte) 'a' : (byte) 'b';
        }
        return gen.anyByte();
    }

    /** Ascending split points in {@code [0, length]} made from arbitrary numbers. */
    static int[] splitPoints(List<Integer> cuts, int length) {
        return cuts.stream().mapToInt(cut -> cut % (length + 1)).sorted().toArray();
    }

    /** Frames as hex, errors as kind and recoverability (messages are checked by the example tests). */
    static List<String> simplify(List<Event> events) {
        List<String> simple = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Frame frame) {
                simple.add("frame " + HexFormat.of().formatHex(frame.bytes()));
            } else if (event instanceof DecodeError error) {
                simple.add("error " + error.error() + (error.recoverable() ? " recoverable" : " fatal"));
            }
        }
        return simple;
    }

    /**
     * What the decoder must produce for the whole input, computed the slow, obvious way: find each line's
     * delimiter in the complete input, then judge the line.
     */
    private static List<String> reference(byte[] in, LineDelimiter delimiter, int max, TooLongFrameAction action) {
        List<String> events = new ArrayList<>();
        new ReferenceLines(in, delimiter, max, action, events).run();
        return events;
    }

    private static int referencePending(byte[] in, LineDelimiter delimiter, int max, TooLongFrameAction action) {
        return new ReferenceLines(in, delimiter, max, action, new ArrayList<>()).run();
    }

    /** The obvious line decoder over a complete input. */
    private record ReferenceLines(byte[] in, LineDelimiter delimiter, int max, TooLongFrameAction action,
            List<String> events) {

        /** Decodes everything; returns the bytes left pending. */
        int run() {
            int pos = 0;
            while (true) {
                int lf = delimiterAt(pos);
                if (lf >= 0) {
                    int end = delimiter != LineDelimiter.LF && lf > pos && in[lf - 1] == '\r' ? lf - 1 : lf;
                    if (end - pos <= max) {
                        byte[] frame = java.util.Arrays.copyOfRange(in, pos, end);
                        events.add("frame " + HexFormat.of().formatHex(frame));
                    } else if (!tooLong()) {
                        return 0;
                    }
                    pos = lf + 1;
                    continue;
                }
                int rest = in.length - pos;
                boolean crMayEnd = delimiter != LineDelimiter.LF;
                boolean tooLong = rest > max && (!crMayEnd || rest >= max + 2 || in[pos + max] != '\r');
                if (!tooLong) {
                    return rest;
                }
                if (!tooLong()) {
                    return 0;
                }
                return delimiter == LineDelimiter.CRLF && in[in.length - 1] == '\r' ? 1 : 0;
            }
        }

        /** Records a too-long error; returns whether decoding goes on. */
        private boolean tooLong() {
            boolean discard = action == TooLongFrameAction.DISCARD;
            events.add("error TOO_LONG" + (discard ? " recoverable" : " fatal"));
            return discard;
        }

        /** The first {@code \n} ending the line that starts at {@code start}, or -1. */
        private int delimiterAt(int start) {
            for (int i = start; i < in.length; i++) {
                if (in[i] == '\n' && (delimiter != LineDelimiter.CRLF || i > start && in[i - 1] == '\r')) {
                    return i;
                }
            }
            return -1;
        }
    }
}
