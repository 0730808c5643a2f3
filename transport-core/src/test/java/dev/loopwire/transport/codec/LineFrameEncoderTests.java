package dev.loopwire.transport.codec;

import static dev.loopwire.transport.codec.TestBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.transport.codec.CodecHarness.BufferKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LineFrameEncoderTests {

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void whenDelimiterIsLfOrAutoThenNewlineIsAppended() {
        assertThat(text(new LineFrameEncoder(LineDelimiter.LF, 8).encode(bytes("OK")))).isEqualTo("OK\n");
        assertThat(text(new LineFrameEncoder(LineDelimiter.AUTO, 8).encode(bytes("OK")))).isEqualTo("OK\n");
    }

    @Test
    void whenDelimiterIsCrlfThenCarriageReturnNewlineIsAppended() {
        assertThat(text(new LineFrameEncoder(LineDelimiter.CRLF, 8).encode(bytes("OK")))).isEqualTo("OK\r\n");
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenPayloadIsEmptyThenFrameIsJustTheDelimiter(LineDelimiter delimiter) {
        ByteBuffer out = new LineFrameEncoder(delimiter, 1).encode(new byte[0]);

        assertThat(text(out)).isEqualTo(delimiter == LineDelimiter.CRLF ? "\r\n" : "\n");
    }

    @Test
    void whenEncodingThenAHeapBufferReadyToWriteIsReturned() {
        ByteBuffer out = new LineFrameEncoder(LineDelimiter.CRLF, 8).encode(bytes("abc"));

        assertThat(out.position()).isZero();
        assertThat(out.limit()).isEqualTo(5);
        assertThat(out.isDirect()).isFalse();
        assertThat(out.hasArray()).isTrue();
        assertThat(out.array()).hasSize(5);
    }

    @Test
    void whenEncodingThenThePayloadIsNeitherModifiedNorRetained() {
        byte[] payload = bytes("abc");
        ByteBuffer out = new LineFrameEncoder(LineDelimiter.LF, 8).encode(payload);
        payload[0] = 'X';

        assertThat(text(out)).isEqualTo("abc\n");
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenPayloadIsExactlyMaxLengthThenAcceptedAndOneMoreIsRejected(LineDelimiter delimiter) {
        LineFrameEncoder encoder = new LineFrameEncoder(delimiter, 4);

        assertThat(encoder.encode(bytes("abcd")).remaining()).isEqualTo(delimiter == LineDelimiter.CRLF ? 6 : 5);
        assertThatThrownBy(() -> encoder.encode(bytes("abcde")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reply line is 5 bytes; max-line-length is 4 (delimiter not counted)");
    }

    @ParameterizedTest
    @EnumSource(LineDelimiter.class)
    void whenEncoderWritesALineThenTheDecoderReadsIt(LineDelimiter delimiter) {
        LineFraming framing = LineFraming.defaults().delimiter(delimiter).maxLineLength(16);
        CodecHarness harness = CodecHarness.of(framing, BufferKind.DIRECT);
        for (String line : new String[] {"", "PING", "a\rb", "sixteen bytes..."}) {
            ByteBuffer out = framing.encoder().encode(bytes(line));
            byte[] wire = new byte[out.remaining()];
            out.get(wire);
            harness.feedByteByByte(wire);
        }

        assertThat(harness.texts()).containsExactly("", "PING", "a\rb", "sixteen bytes...");
        assertThat(harness.errors()).isEmpty();
    }

    @Test
    void whenMaximumIsUnusableThenConstructionIsRejected() {
        assertThatThrownBy(() -> new LineFrameEncoder(LineDelimiter.LF, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
