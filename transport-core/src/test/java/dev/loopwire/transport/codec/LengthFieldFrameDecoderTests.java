package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.TestBytes.bytes;
import static dev.loopwire.transport.codec.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import dev.loopwire.transport.codec.CodecHarness.DecodeError;
import dev.loopwire.transport.codec.CodecHarness.Outcome;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class LengthFieldFrameDecoderTests {

    private static final LengthFieldFraming DEFAULTS = LengthFieldFraming.defaults();

    /** {@code value} as a {@code size}-byte field in {@code order}. */
    private static byte[] field(long value, int size, ByteOrder order) {
        byte[] field = new byte[size];
        for (int i = 0; i < size; i++) {
            field[order == ByteOrder.BIG_ENDIAN ? size - 1 - i : i] = (byte) (value >>> (8 * i));
        }
        return field;
    }

    private static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    /** Decodes {@code input} split every possible way and returns the (identical) outcome. */
    private static Outcome decode(LengthFieldFraming framing, byte[] input) {
        return CodecHarness.sameForEverySplit(framing::newDecoder, input, BufferKind.HEAP);
    }

    @Test
    void whenFrameIsPartialThenItIsFilledInItsOwnArrayAndDeliveredWhenComplete() {
        byte[] input = concat(bytes(0, 0, 0, 100), filled(100, 'x'), bytes(0, 0, 0, 2), bytes("ok"));
        CodecHarness harness = CodecHarness.of(DEFAULTS, BufferKind.HEAP);

        harness.feed(input, 0, 60);
        assertThat(harness.decoder().bufferedBytes()).isEqualTo(60);
        assertThat(harness.pendingBytes()).isEqualTo(60);
        harness.feed(input, 60, input.length);

        assertThat(harness.texts()).containsExactly("x".repeat(100), "ok");
        assertThat(harness.decoder().bufferedBytes()).isZero();
    }

    @Test
    void whenFrameIsPartialThenItsArrayNeverHoldsMoreThanTwiceWhatArrived() {
        // a peer announcing a large frame and dribbling it must not make the decoder allocate the whole frame
        int length = 1 << 20;
        byte[] input = concat(bytes(0, 0x10, 0, 0), filled(length, 'x'));
        CodecHarness harness = CodecHarness.of(DEFAULTS.maxFrameLength(length + 4), BufferKind.HEAP);
        LengthFieldFrameDecoder decoder = (LengthFieldFrameDecoder) harness.decoder();

        int fed = 0;
        for (int chunk = 10; fed + chunk < input.length; chunk *= 3) {
            harness.feed(input, fed, fed + chunk);
            fed += chunk;
            assertThat(decoder.bufferedBytes()).isEqualTo(fed);
            assertThat(decoder.partialFrameCapacity()).isBetween(fed - 4, 2 * fed);
        }
        harness.feed(input, fed, input.length);

        assertThat(harness.frames()).singleElement().satisfies(frame -> assertThat(frame).hasSize(length));
        assertThat(decoder.partialFrameCapacity()).isZero();
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenDefaultsThenAFourByteBigEndianLengthIsReadAndStripped(BufferKind kind) {
        byte[] input = concat(bytes(0, 0, 0, 5), bytes("HELLO"), bytes(0, 0, 0, 0), bytes(0, 0, 0, 3), bytes("ab"));

        Outcome outcome = CodecHarness.sameForEverySplit(DEFAULTS::newDecoder, input, kind);

        assertThat(outcome.texts()).containsExactly("HELLO", "");
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.pendingBytes()).isEqualTo(6);
    }

    @ParameterizedTest
    @CsvSource({
        "1, BIG_ENDIAN", "1, LITTLE_ENDIAN", "2, BIG_ENDIAN", "2, LITTLE_ENDIAN", "3, BIG_ENDIAN",
        "3, LITTLE_ENDIAN", "4, BIG_ENDIAN", "4, LITTLE_ENDIAN", "8, BIG_ENDIAN", "8, LITTLE_ENDIAN"
    })
    void everyFieldSizeInEitherByteOrder(int size, String orderName) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        // 200 needs the unsigned reading of one byte; 261 = 0x0105 needs both bytes in the right order
        int bodyLength = size == 1 ? 200 : 261;
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(size).byteOrder(order);
        byte[] body = filled(bodyLength, 'b');
        byte[] input = concat(field(bodyLength, size, order), body, field(1, size, order), bytes("z"));

        for (BufferKind kind : BufferKind.values()) {
            CodecHarness harness = CodecHarness.of(framing, kind).feedInChunks(input, 3);
            assertThat(harness.frames()).as(kind.name()).containsExactly(body, bytes("z"));
            assertThat(harness.errors()).isEmpty();
        }
    }

    @Test
    void whenFieldIsThreeBytesThenItIsUnsignedTwentyFourBits() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(3).maxFrameLength(1 << 25);
        CodecHarness big = CodecHarness.of(framing).feed(bytes(0xFF, 0xFF, 0xFF));
        CodecHarness little = CodecHarness.of(framing.byteOrder(ByteOrder.LITTLE_ENDIAN)).feed(bytes(0x01, 0x00, 0x80));

        assertThat(big.errors()).isEmpty();
        assertThat(big.pendingBytes()).isEqualTo(3);
        assertThat(little.errors()).isEmpty();
        assertThat(little.feed(filled(0x800001, 'x')).frames()).singleElement()
                .satisfies(frame -> assertThat(frame).hasSize(0x800001));
    }

    @Test
    void whenFieldHasAnOffsetAndTheWholeHeaderIsStrippedThenOnlyThePayloadRemains() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).lengthFieldOffset(1);
        assertThat(framing.initialBytesToStrip()).isEqualTo(3);

        Outcome outcome = decode(framing, concat(bytes(7, 0, 5), bytes("HELLO"), bytes(9, 0, 0)));

        assertThat(outcome.texts()).containsExactly("HELLO", "");
    }

    @Test
    void whenOnlyTheTypeByteIsStrippedThenTheFieldStaysInTheFrame() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).lengthFieldOffset(1).initialBytesToStrip(1);

        Outcome outcome = decode(framing, concat(bytes(7, 0, 5), bytes("HELLO")));

        assertThat(outcome.frames()).containsExactly(concat(bytes(0, 5), bytes("HELLO")));
    }

    @Test
    void whenNothingIsStrippedThenTheFrameKeepsItsHeader() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).lengthFieldOffset(1).initialBytesToStrip(0);

        Outcome outcome = decode(framing, concat(bytes(7, 0, 5), bytes("HELLO")));

        assertThat(outcome.frames()).containsExactly(concat(bytes(7, 0, 5), bytes("HELLO")));
    }

    @Test
    void whenStripGoesBeyondTheHeaderThenFixedBytesAfterTheFieldAreDropped() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).initialBytesToStrip(4);

        Outcome outcome = decode(framing, concat(bytes(0, 7), bytes("v1HELLO")));

        assertThat(outcome.texts()).containsExactly("HELLO");
    }

    @Test
    void whenLengthCountsTheWholeFrameThenANegativeAdjustmentDecodesIt() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).lengthAdjustment(-2).initialBytesToStrip(0);

        Outcome outcome = decode(framing, concat(bytes(0, 7), bytes("HELLO"), bytes(0, 2)));

        assertThat(outcome.frames()).containsExactly(concat(bytes(0, 7), bytes("HELLO")), bytes(0, 2));
    }

    @Test
    void whenLengthDoesNotCountATrailerThenAPositiveAdjustmentDecodesIt() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).lengthFieldOffset(1).lengthAdjustment(2)
                .initialBytesToStrip(1);

        Outcome outcome = decode(framing, concat(bytes(7, 0, 5), bytes("HELLO"), bytes(0xBE, 0xEF)));

        assertThat(outcome.frames()).containsExactly(concat(bytes(0, 5), bytes("HELLO"), bytes(0xBE, 0xEF)));
    }

    @Test
    void whenFrameIsExactlyMaxLengthThenItIsAccepted() {
        LengthFieldFraming framing = DEFAULTS.maxFrameLength(14);

        Outcome outcome = decode(framing, concat(bytes(0, 0, 0, 10), filled(10, 'm')));

        assertThat(outcome.frames()).containsExactly(filled(10, 'm'));
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenFrameIsTooLongWithCloseThenTheDecoderDoesNotRecover(BufferKind kind) {
        LengthFieldFraming framing = DEFAULTS.maxFrameLength(14);
        byte[] input = concat(bytes(0, 0, 0, 1), bytes("a"), bytes(0, 0, 0, 11), filled(11, 'x'));

        Outcome outcome = CodecHarness.sameForEverySplit(framing::newDecoder, input, kind);

        assertThat(outcome.texts()).containsExactly("a");
        assertThat(outcome.errors()).containsExactly(new DecodeError(FrameError.TOO_LONG, false,
                "length field announces a 15-byte frame; max-frame-length is 14"));
        assertThat(outcome.closed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void whenFrameIsTooLongWithDiscardThenExactlyThatFrameIsSkippedAcrossManyChunks(BufferKind kind) {
        LengthFieldFraming framing = DEFAULTS.maxFrameLength(100).onTooLong(TooLongFrameAction.DISCARD);
        // the skipped body looks like headers of small frames: none of them may come out
        byte[] skipped = new byte[5000];
        for (int i = 0; i < skipped.length; i += 5) {
            skipped[i + 3] = 1;
            skipped[i + 4] = 'X';
        }
        byte[] input = concat(bytes(0, 0, 0, 1), bytes("A"), field(5000, 4, ByteOrder.BIG_ENDIAN), skipped,
                bytes(0, 0, 0, 1), bytes("B"));

        CodecHarness harness = CodecHarness.of(framing, kind).feedInChunks(input, 7);

        assertThat(harness.texts()).containsExactly("A", "B");
        assertThat(harness.errors()).containsExactly(new DecodeError(FrameError.TOO_LONG, true,
                "length field announces a 5004-byte frame; max-frame-length is 100 (frame discarded)"));
        assertThat(harness.maxPendingBytes()).isLessThan(100);
        assertThat(harness.pendingBytes()).isZero();
        assertThat(CodecHarness.sameForEverySplit(framing::newDecoder, input, kind)).isEqualTo(harness.outcome());
    }

    @Test
    void whenFourByteValueIsTheLargestThenItIsTooLongWithoutBeingAllocated() {
        Outcome outcome = decode(DEFAULTS, bytes(0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3));

        assertThat(outcome.errors()).containsExactly(new DecodeError(FrameError.TOO_LONG, false,
                "length field announces a 2147483651-byte frame; max-frame-length is 1048576"));
    }

    @ParameterizedTest
    @CsvSource({"0x80, 0x00, 0x00, 0x00, -2147483648", "0xFF, 0xFF, 0xFF, 0xFF, -1"})
    void whenFourByteValueIsNegativeThenTheFrameIsCorrupt(String b0, String b1, String b2, String b3, long value) {
        byte[] header = bytes(Integer.decode(b0), Integer.decode(b1), Integer.decode(b2), Integer.decode(b3));

        Outcome outcome = decode(DEFAULTS.onTooLong(TooLongFrameAction.DISCARD), concat(header, bytes("rest")));

        assertThat(outcome.errors()).containsExactly(new DecodeError(FrameError.CORRUPT, false,
                "length field is negative (" + value + "); max-frame-length is 1048576"));
        assertThat(outcome.closed()).isTrue();
    }

    @Test
    void whenEightByteValueIsAboveTwoToTheThirtyOneThenTheFrameIsTooLong() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(8);

        Outcome outcome = decode(framing, field(1L << 32, 8, ByteOrder.BIG_ENDIAN));

        assertThat(outcome.errors()).containsExactly(new DecodeError(FrameError.TOO_LONG, false,
                "length field announces a 4294967304-byte frame; max-frame-length is 1048576"));
    }

    @Test
    void whenEightByteValueIsFromTwoToTheSixtyThreeThenItIsNegative() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            LengthFieldFraming framing = DEFAULTS.lengthFieldLength(8).byteOrder(order);

            assertThat(decode(framing, field(Long.MIN_VALUE, 8, order)).errors()).containsExactly(
                    new DecodeError(FrameError.CORRUPT, false,
                            "length field is negative (-9223372036854775808); max-frame-length is 1048576"));
            assertThat(decode(framing, field(-1L, 8, order)).errors()).extracting(DecodeError::error)
                    .containsExactly(FrameError.CORRUPT);
        }
    }

    @Test
    void whenLargestEightByteValueGetsAnAdjustmentThenNothingOverflows() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(8).lengthAdjustment(Integer.MAX_VALUE);

        Outcome outcome = decode(framing, field(Long.MAX_VALUE, 8, ByteOrder.BIG_ENDIAN));

        // 2^63 - 1 + 8 + 2^31 - 1
        assertThat(outcome.errors()).containsExactly(new DecodeError(FrameError.TOO_LONG, false,
                "length field announces a 9223372039002259462-byte frame; max-frame-length is 1048576"));
    }

    @Test
    void whenHugeEightByteFrameIsDiscardedThenTheRestOfTheStreamIsSwallowed() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(8).onTooLong(TooLongFrameAction.DISCARD);
        CodecHarness harness = CodecHarness.of(framing).feed(field(1L << 40, 8, ByteOrder.BIG_ENDIAN));

        harness.feed(concat(field(1, 8, ByteOrder.BIG_ENDIAN), bytes("x"))).feed(filled(100_000, 'y'));

        assertThat(harness.errors()).extracting(DecodeError::recoverable).containsExactly(true);
        assertThat(harness.frames()).isEmpty();
        assertThat(harness.maxPendingBytes()).isZero();
    }

    @Test
    void whenFrameIsShorterThanItsHeaderThenItIsCorrupt() {
        LengthFieldFraming framing = DEFAULTS.lengthFieldLength(2).lengthAdjustment(-8).initialBytesToStrip(0);

        Outcome outcome = decode(framing, concat(bytes(0, 6), bytes("abcdef")));

        assertThat(outcome.errors()).containsExactly(new DecodeError(FrameError.CORRUPT, false,
                "length field 6 with length-adjustment -8 announces a 0-byte frame, shorter than its 2-byte header"));
        assertThat(outcome.closed()).isTrue();
    }

    @Test
    void whenFrameLengthIsBelowZeroThenItIsCorrupt() {
        LengthFieldFraming framing = DEFAULTS.lengthAdjustment(Integer.MIN_VALUE).onTooLong(TooLongFrameAction.DISCARD);

        Outcome outcome = decode(framing, bytes(0, 0, 0, 9));

        assertThat(outcome.errors()).extracting(DecodeError::error, DecodeError::recoverable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FrameError.CORRUPT, false));
    }

    @Test
    void whenStripIsLargerThanTheFrameThenThatFrameIsSkippedAndDecodingGoesOn() {
        LengthFieldFraming framing = DEFAULTS.initialBytesToStrip(6);
        byte[] input = concat(bytes(0, 0, 0, 1), bytes("a"), bytes(0, 0, 0, 4), bytes("xyOK"));

        Outcome outcome = decode(framing, input);

        assertThat(outcome.events()).containsExactly(
                new DecodeError(FrameError.CORRUPT, true,
                        "initial-bytes-to-strip (6) is larger than the 5-byte frame the length field announces"
                                + " (frame skipped)"),
                new CodecHarness.Frame(bytes("OK")));
    }

    @Test
    void whenHeaderIsSplitAcrossReadsThenTheDecoderWaitsForTheWholeHeader() {
        CodecHarness harness = CodecHarness.of(DEFAULTS.lengthFieldOffset(2), BufferKind.DIRECT);

        harness.feed(bytes(1, 2, 0)).feed(bytes(0, 0)).feed(bytes(3, 'a')).feed(bytes('b', 'c'));

        assertThat(harness.texts()).containsExactly("abc");
        assertThat(harness.decodeCalls()).isEqualTo(4);
    }

    @Test
    void whenAskedForMaxFrameBytesThenItIsTheMaxFrameLength() {
        assertThat(DEFAULTS.maxFrameLength(4096).newDecoder().maxFrameBytes()).isEqualTo(4096);
        assertThat(DEFAULTS.maxFrameBytes()).isEqualTo(LengthFieldFraming.DEFAULT_MAX_FRAME_LENGTH);
    }
}
