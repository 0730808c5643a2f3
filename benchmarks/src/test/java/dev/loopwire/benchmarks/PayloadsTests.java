package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadsTests {

    @Test
    void whenPayloadWrittenThenSequenceAndContentCheckOut() {
        Payloads payloads = new Payloads(64);
        byte[] bytes = payloads.toArray(0x1234_5678L);

        assertThat(Payloads.parseSequence(bytes, 0)).isEqualTo(0x1234_5678L);
        assertThat(payloads.matches(bytes, 0, bytes.length, 0x1234_5678L)).isTrue();
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)).doesNotContain("\n");
    }

    @Test
    void whenAnyByteChangesThenPayloadDoesNotMatch() {
        Payloads payloads = new Payloads(32);
        for (int i = 0; i < 32; i++) {
            byte[] bytes = payloads.toArray(7);
            bytes[i] = 'Z';
            assertThat(payloads.matches(bytes, 0, 32, 7)).as("byte %d", i).isFalse();
        }
    }

    @Test
    void whenPayloadOfAnotherSequenceThenNoMatch() {
        Payloads payloads = new Payloads(32);

        assertThat(payloads.matches(payloads.toArray(8), 0, 32, 7)).isFalse();
        assertThat(payloads.matches(payloads.toArray(7), 0, 31, 7)).isFalse();
    }

    @Test
    void whenNotHexThenNotASequence() {
        assertThat(Payloads.parseSequence("zzzzzzzzzzzzzzzz".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0))
                .isEqualTo(Payloads.NOT_A_SEQUENCE);
    }

    @Test
    void whenSizeTooSmallThenRejected() {
        assertThatThrownBy(() -> new Payloads(15)).isInstanceOf(IllegalArgumentException.class);
    }
}
