package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.TestBytes.bytes;
import static dev.loopwire.transport.codec.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LengthFieldFrameEncoderTests {

    private static final LengthFieldFraming DEFAULTS = LengthFieldFraming.defaults();

    private static byte[] encode(LengthFieldFraming framing, byte[] payload) {
        ByteBuffer out = framing.encoder().encode(payload);
        assertThat(out.position()).isZero();
        byte[] wire = new byte[out.remaining()];
        out.get(wire);
        return wire;
    }

    @Test
    void whenDefaultsThenAFourByteBigEndianLengthIsWrittenBeforeThePayload() {
        ByteBuffer out = DEFAULTS.encoder().encode(bytes("HELLO"));

        assertThat(out.position()).isZero();
        assertThat(out.limit()).isEqualTo(9);
        assertThat(out.hasArray()).isTrue();
        assertThat(out.array()).containsExactly(concat(bytes(0, 0, 0, 5), bytes("HELLO")));
    }

    @ParameterizedTest
    @CsvSource({
        "1, BIG_ENDIAN, 05", "1, LITTLE_ENDIAN, 05",
        "2, BIG_ENDIAN, 0005", "2, LITTLE_ENDIAN, 0500",
        "3, BIG_ENDIAN, 000005", "3, LITTLE_ENDIAN, 050000",
        "4, BIG_ENDIAN, 00000005", "4, LITTLE_ENDIAN, 05000000",
        "8, BIG_ENDIAN, 0000000000000005", "8, LITTLE_ENDIAN, 0500000000000000"
    })
    void everyFieldSizeInEitherByteOrder(int size, String orderName, String hexField) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] field = java.util.HexFormat.of().parseHex(hexField);

        byte[] wire = encode(DEFAULTS.lengthFieldLength(size).byteOrder(order), bytes("HELLO"));

        assertThat(wire).containsExactly(concat(field, bytes("HELLO")));
    }

    @Test
    void whenValueSpansSeveralBytesThenEveryByteIsKeptInOrder() {
        byte[] payload = new byte[0x010203];
        LengthFieldFraming framing = DEFAULTS.maxFrameLength(1 << 24);

        assertThat(encode(framing.lengthFieldLength(3), payload)).startsWith(1, 2, 3);
        assertThat(encode(framing.lengthFieldLength(3).byteOrder(ByteOrder.LITTLE_ENDIAN), payload))
                .startsWith(3, 2, 1);
        assertThat(encode(framing.lengthFieldLength(8).byteOrder(ByteOrder.LITTLE_ENDIAN), payload))
                .startsWith(3, 2, 1, 0, 0, 0, 0, 0);
    }

    @Test
    void whenFieldHasAnOffsetThenTheBytesBeforeItStayInFront() {
        byte[] wire = encode(DEFAULTS.lengthFieldLength(2).lengthFieldOffset(1), concat(bytes(7), bytes("HELLO")));

        assertThat(wire).containsExactly(concat(bytes(7, 0, 5), bytes("HELLO")));
    }

    @Test
    void whenAdjustmentIsNegativeThenTheFieldCountsTheHeaderToo() {
        byte[] wire = encode(DEFAULTS.lengthFieldLength(2).lengthAdjustment(-2), bytes("HELLO"));

        assertThat(wire).containsExactly(concat(bytes(0, 7), bytes("HELLO")));
    }

    @Test
    void whenAdjustmentIsPositiveThenATrailerIsLeftUncounted() {
        byte[] payload = concat(bytes(7), bytes("HELLO"), bytes(0xBE, 0xEF));

        byte[] wire = encode(DEFAULTS.lengthFieldLength(2).lengthFieldOffset(1).lengthAdjustment(2), payload);

        assertThat(wire).containsExactly(concat(bytes(7, 0, 5), bytes("HELLO"), bytes(0xBE, 0xEF)));
    }

    @Test
    void whenPayloadIsEmptyThenTheFrameIsJustTheField() {
        assertThat(encode(DEFAULTS, new byte[0])).containsExactly(0, 0, 0, 0);
    }

    @Test
    void whenValueDoesNotFitTheFieldThenItIsRejected() {
        LengthFieldFraming oneByte = DEFAULTS.lengthFieldLength(1);

        assertThat(encode(oneByte, new byte[255])).hasSize(256).startsWith(0xFF);
        assertThatThrownBy(() -> oneByte.encoder().encode(new byte[300]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length field value 300 does not fit a 1-byte length field (at most 255)");
        assertThatThrownBy(() -> DEFAULTS.lengthFieldLength(2).encoder().encode(new byte[65536]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length field value 65536 does not fit a 2-byte length field (at most 65535)");
    }

    @Test
    void whenFieldIsFourBytesThenTheValueStaysBelowTwoToTheThirtyOne() {
        LengthFieldFraming framing = DEFAULTS.lengthAdjustment(Integer.MIN_VALUE);

        assertThatThrownBy(() -> framing.encoder().encode(new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length field value 2147483649 does not fit a 4-byte length field (at most 2147483647)");
    }

    @Test
    void whenValueIsNegativeThenItIsRejected() {
        assertThatThrownBy(() -> DEFAULTS.lengthAdjustment(10).encoder().encode(bytes("HELLO")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length field value would be negative (-5): 5 bytes after the field minus"
                        + " length-adjustment 10");
    }

    @Test
    void whenFrameIsLongerThanTheMaximumThenItIsRejected() {
        LengthFieldFraming framing = DEFAULTS.maxFrameLength(10);

        assertThat(encode(framing, new byte[6])).hasSize(10);
        assertThatThrownBy(() -> framing.encoder().encode(new byte[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame would be 11 bytes (7-byte payload + 4-byte length field); max-frame-length is 10");
    }

    @Test
    void whenPayloadIsShorterThanTheOffsetThenItIsRejected() {
        assertThatThrownBy(() -> DEFAULTS.lengthFieldOffset(2).encoder().encode(bytes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("payload is 1 bytes, shorter than length-field-offset (2)");
    }

    @Test
    void whenEncodingThenThePayloadIsNotModified() {
        byte[] payload = bytes("HELLO");
        byte[] wire = encode(DEFAULTS, payload);
        payload[0] = 'J';

        assertThat(wire).containsExactly(concat(bytes(0, 0, 0, 5), bytes("HELLO")));
    }
}
