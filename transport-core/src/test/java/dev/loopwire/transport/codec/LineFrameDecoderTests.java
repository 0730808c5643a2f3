package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.TestBytes.bytes;
import static dev.loopwire.transport.codec.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import dev.loopwire.transport.codec.CodecHarness.DecodeError;
import dev.loopwire.transport.codec.CodecHarness.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LineFrameDecoderTests {

    /** Decodes {@code input} split every possible way and returns the (identical) outcome. */
    private static Outcome decode(LineDelimiter delimiter, int max, TooLongFrameAction action, String input,
            BufferKind kind) {
        return CodecHarness.sameForEverySplit(() -> new LineFrameDecoder(delimiter, max, action), bytes(input), kind);
    }

    private static Outcome decode(LineDelimiter delimiter, int max, TooLongFrameAction action, String input) {
        return decode(delimiter, max, action, input, BufferKind.HEAP);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenDelimiterIsLfThenLinesEndAtNewlineAndKeepCarriageReturn(BufferKind kind) {
        Outcome outcome = decode(LineDelimiter.LF, 16, TooLongFrameAction.CLOSE, "PING\nGET k\r\n\n\rx\nPI", kind);

        assertThat(outcome.texts()).containsExactly("PING", "GET k\r", "", "\rx");
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.pendingBytes()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenDelimiterIsCrlfThenLinesEndOnlyAtCarriageReturnNewline(BufferKind kind) {
        Outcome outcome = decode(LineDelimiter.CRLF, 16, TooLongFrameAction.CLOSE,
                "A\nB\r\n\r\n\nx\r\nc\r\r\n\r\rPI\r", kind);

        assertThat(outcome.texts()).containsExactly("A\nB", "", "\nx", "c\r");
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.pendingBytes()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenDelimiterIsAutoThenLinesEndAtNewlineAndOneCarriageReturnIsStripped(BufferKind kind) {
        Outcome outcome = decode(LineDelimiter.AUTO, 16, TooLongFrameAction.CLOSE,
                "PING\nGET k\r\n\n\r\n\r\r\nlast\r", kind);

        assertThat(outcome.texts()).containsExactly("PING", "GET k", "", "", "\r");
        assertThat(outcome.pendingBytes()).isEqualTo(5);
    }

    @Test
    void whenInputOrLinesAreEmptyThenEmptyFramesOrNoneAreDecoded() {
        assertThat(decode(LineDelimiter.LF, 4, TooLongFrameAction.CLOSE, "").events()).isEmpty();
        assertThat(decode(LineDelimiter.LF, 4, TooLongFrameAction.CLOSE, "\n\n\n").texts())
                .containsExactly("", "", "");
        assertThat(decode(LineDelimiter.CRLF, 4, TooLongFrameAction.CLOSE, "\r\n\r\n").texts())
                .containsExactly("", "");
        assertThat(decode(LineDelimiter.AUTO, 4, TooLongFrameAction.CLOSE, "\r\n\n").texts())
                .containsExactly("", "");
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenLineIsExactlyMaxLengthThenItIsAccepted(LineDelimiter delimiter) {
        String end = delimiter == LineDelimiter.CRLF ? "\r\n" : "\n";

        Outcome outcome = decode(delimiter, 4, TooLongFrameAction.CLOSE, "abcd" + end + "efgh" + end);

        assertThat(outcome.texts()).containsExactly("abcd", "efgh");
        assertThat(outcome.errors()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenLineIsOneByteOverMaxThenItIsTooLongEvenWithoutItsDelimiter(LineDelimiter delimiter) {
        String end = delimiter == LineDelimiter.CRLF ? "\r\n" : "\n";

        Outcome complete = decode(delimiter, 4, TooLongFrameAction.CLOSE, "ok" + end + "abcde" + end + "next" + end);
        Outcome partial = decode(delimiter, 4, TooLongFrameAction.CLOSE, "ok" + end + "abcde");

        for (Outcome outcome : List.of(complete, partial)) {
            assertThat(outcome.texts()).containsExactly("ok");
            assertThat(outcome.errors()).singleElement().satisfies(error -> {
                assertThat(error.error()).isEqualTo(FrameError.TOO_LONG);
                assertThat(error.recoverable()).isFalse();
                assertThat(error.message()).isEqualTo("line longer than 4 bytes before its " + delimiter
                        + " delimiter; max-line-length is 4");
            });
            assertThat(outcome.closed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = LineDelimiter.class, names = {"CRLF", "AUTO"})
    void whenCarriageReturnIsRightAfterTheLimitThenTheDecoderWaitsForTheNextByte(LineDelimiter delimiter) {
        CodecHarness harness = new CodecHarness(new LineFrameDecoder(delimiter, 4, TooLongFrameAction.CLOSE),
                BufferKind.DIRECT);

        harness.feed("abcd\r");
        assertThat(harness.events()).isEmpty();
        assertThat(harness.pendingBytes()).isEqualTo(5);

        harness.feed("\n");
        assertThat(harness.texts()).containsExactly("abcd");
        assertThat(harness.pendingBytes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = LineDelimiter.class, names = {"CRLF", "AUTO"})
    void whenCarriageReturnAfterTheLimitIsNotFollowedByNewlineThenTheLineIsTooLong(LineDelimiter delimiter) {
        Outcome outcome = decode(delimiter, 4, TooLongFrameAction.CLOSE, "abcd\rx");

        assertThat(outcome.texts()).isEmpty();
        assertThat(outcome.errors()).extracting(DecodeError::error).containsExactly(FrameError.TOO_LONG);
    }

    @Test
    void whenDelimiterIsLfThenCarriageReturnCountsAsContent() {
        Outcome outcome = decode(LineDelimiter.LF, 4, TooLongFrameAction.CLOSE, "abc\r\nabcd\r");

        assertThat(outcome.texts()).containsExactly("abc\r");
        assertThat(outcome.errors()).extracting(DecodeError::error).containsExactly(FrameError.TOO_LONG);
    }

    @Test
    void whenDelimiterIsAutoAndNewlineIsJustPastTheLimitWithoutCarriageReturnThenTooLong() {
        Outcome outcome = decode(LineDelimiter.AUTO, 4, TooLongFrameAction.DISCARD, "abcde\nok\n");

        assertThat(outcome.events()).containsExactly(
                new DecodeError(FrameError.TOO_LONG, true,
                        "line longer than 4 bytes before its AUTO delimiter; max-line-length is 4 (line discarded)"),
                new CodecHarness.Frame(bytes("ok")));
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenDiscardingThenTheTooLongLineIsReportedOnceAndSkippedToTheNextLine(LineDelimiter delimiter) {
        String end = delimiter == LineDelimiter.CRLF ? "\r\n" : "\n";

        Outcome outcome = decode(delimiter, 4, TooLongFrameAction.DISCARD,
                "OK" + end + "TOOLONG\r" + end + "NEXT" + end + "waytoolongagain" + end + end + "xy");

        assertThat(outcome.events()).extracting(Object::toString).containsExactly(
                "Frame[OK]",
                "DecodeError[error=TOO_LONG, recoverable=true, message=line longer than 4 bytes before its "
                        + delimiter + " delimiter; max-line-length is 4 (line discarded)]",
                "Frame[NEXT]",
                "DecodeError[error=TOO_LONG, recoverable=true, message=line longer than 4 bytes before its "
                        + delimiter + " delimiter; max-line-length is 4 (line discarded)]",
                "Frame[]");
        assertThat(outcome.closed()).isFalse();
        assertThat(outcome.pendingBytes()).isEqualTo(2);
    }

    @Test
    void whenCrlfDiscardsThenLoneNewlinesAreSkippedAndCarriageReturnNewlineIsFoundAcrossChunks() {
        CodecHarness harness = new CodecHarness(
                new LineFrameDecoder(LineDelimiter.CRLF, 4, TooLongFrameAction.DISCARD), BufferKind.DIRECT);

        harness.feed("xxxxxx").feed("\nyy\r").feed("\n").feed("\r").feed("\nnext\r").feed("\n");

        assertThat(harness.errors()).hasSize(1);
        assertThat(harness.texts()).containsExactly("", "next");
        assertThat(harness.maxPendingBytes()).isLessThanOrEqualTo(harness.decoder().maxFrameBytes());
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenHugeLineIsDiscardedAcrossManySmallReadsThenAtMostOneFrameIsHeld(LineDelimiter delimiter) {
        String end = delimiter == LineDelimiter.CRLF ? "\r\n" : "\n";
        byte[] huge = new byte[100_000];
        Arrays.fill(huge, (byte) 'x');
        for (int i = 13; i < huge.length; i += 97) {
            huge[i] = '\r';
        }
        byte[] input = concat(bytes("first" + end), huge, bytes(end + "after" + end));
        CodecHarness harness = new CodecHarness(
                new LineFrameDecoder(delimiter, 64, TooLongFrameAction.DISCARD), BufferKind.DIRECT);

        harness.feedInChunks(input, 7);

        assertThat(harness.texts()).containsExactly("first", "after");
        assertThat(harness.errors()).hasSize(1);
        assertThat(harness.pendingBytes()).isZero();
        assertThat(harness.maxPendingBytes()).isLessThanOrEqualTo(64 + 1);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenTooLongActionIsCloseThenDecodingStopsAtTheFirstTooLongLine(BufferKind kind) {
        CodecHarness harness = new CodecHarness(
                new LineFrameDecoder(LineDelimiter.AUTO, 8, TooLongFrameAction.CLOSE), kind);

        harness.feed("ok\r\nthis line is too long\r\nnever\r\n").feed("ignored\n");

        assertThat(harness.texts()).containsExactly("ok");
        assertThat(harness.errors()).singleElement()
                .satisfies(error -> assertThat(error.recoverable()).isFalse());
        assertThat(harness.closed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenLongLineArrivesByteByByteThenNeverMoreThanMaxFrameBytesAreHeld(LineDelimiter delimiter) {
        byte[] line = new byte[1000];
        Arrays.fill(line, (byte) 'y');
        CodecHarness harness = new CodecHarness(new LineFrameDecoder(delimiter, 100, TooLongFrameAction.CLOSE),
                BufferKind.HEAP);

        harness.feedByteByByte(line);

        assertThat(harness.closed()).isTrue();
        assertThat(harness.maxPendingBytes()).isEqualTo(100);
        assertThat(harness.decodeCalls()).isEqualTo(101);
    }

    /**
     * White-box proof that a partial line is not scanned again: the second call breaks the contract on purpose
     * by presenting a different head (with a {@code \n} in it) in front of the new bytes. A decoder that
     * rescans from the start would cut the line at that {@code \n}; this one resumes after the 3 bytes it
     * already searched, so it finds only the later delimiter.
     */
    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenLineIsPartialThenItIsNotRescanned(LineDelimiter delimiter) throws FrameDecodingException {
        LineFrameDecoder decoder = new LineFrameDecoder(delimiter, 64, TooLongFrameAction.CLOSE);
        List<String> frames = new ArrayList<>();
        FrameSink sink = frame -> frames.add(new String(frame, StandardCharsets.ISO_8859_1));
        String end = delimiter == LineDelimiter.CRLF ? "\r\n" : "\n";

        ByteBuffer first = ByteBuffer.wrap(bytes("abc"));
        decoder.decode(first, sink);
        assertThat(first.position()).isZero();

        ByteBuffer second = ByteBuffer.wrap(bytes("a" + end + "defgh" + end));
        decoder.decode(second, sink);

        assertThat(frames).containsExactly("a" + end + "defgh");
    }

    @Test
    void whenBufferHasBytesOutsidePositionAndLimitThenOnlyTheBytesBetweenAreRead() throws FrameDecodingException {
        LineFrameDecoder decoder = new LineFrameDecoder(LineDelimiter.AUTO, 64, TooLongFrameAction.CLOSE);
        List<String> frames = new ArrayList<>();
        byte[] backing = bytes("\n\n\nabcdefghijklmnopqrstuvwxyz0123\n\n\n");
        ByteBuffer in = ByteBuffer.wrap(backing, 3, backing.length - 6);

        decoder.decode(in, frame -> frames.add(new String(frame, StandardCharsets.ISO_8859_1)));

        assertThat(frames).isEmpty();
        assertThat(in.position()).isEqualTo(3);
    }

    @Test
    void whenAskedForMaxFrameBytesThenItIsTheLineAndTheLongestDelimiter() {
        assertThat(new LineFrameDecoder(LineDelimiter.LF, 10, TooLongFrameAction.CLOSE).maxFrameBytes()).isEqualTo(11);
        assertThat(new LineFrameDecoder(LineDelimiter.CRLF, 10, TooLongFrameAction.CLOSE).maxFrameBytes()).isEqualTo(12);
        assertThat(new LineFrameDecoder(LineDelimiter.AUTO, 10, TooLongFrameAction.CLOSE).maxFrameBytes()).isEqualTo(12);
        for (LineDelimiter delimiter : LineDelimiter.values()) {
            LineFraming framing = LineFraming.defaults().delimiter(delimiter).maxLineLength(10);
            assertThat(framing.maxFrameBytes()).isEqualTo(framing.newDecoder().maxFrameBytes());
        }
    }

    @Test
    void whenMaximumIsUnusableThenConstructionIsRejected() {
        assertThatThrownBy(() -> new LineFrameDecoder(LineDelimiter.LF, 0, TooLongFrameAction.CLOSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
        assertThatThrownBy(() -> LineFraming.defaults().maxLineLength(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was " + Integer.MAX_VALUE);
    }

    @Test
    void whenSearchingAWordThenTheFirstNewlineIsFoundInEitherByteOrder() {
        for (int length = 0; length < 40; length++) {
            for (int at = -1; at < length; at++) {
                byte[] data = new byte[length + 3];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (i % 3 == 0 ? 0x0B : i % 3 == 1 ? 0x8A : 0x0D); // near misses of '\n'
                }
                if (at >= 0) {
                    data[at + 1] = '\n';
                    if (at + 2 < length + 1) {
                        data[at + 2] = '\n';
                    }
                }
                data[0] = '\n';
                data[length + 1] = '\n';
                for (java.nio.ByteOrder order : List.of(java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN)) {
                    ByteBuffer heap = ByteBuffer.wrap(data).order(order);
                    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).clear().order(order);
                    for (ByteBuffer buffer : List.of(heap, direct)) {
                        int found = LineFrameDecoder.indexOfLf(buffer, 1, length + 1,
                                order == java.nio.ByteOrder.LITTLE_ENDIAN);
                        assertThat(found).as("length %d, newline at %d, %s", length, at, order)
                                .isEqualTo(at < 0 ? -1 : at + 1);
                    }
                }
            }
        }
    }
}
