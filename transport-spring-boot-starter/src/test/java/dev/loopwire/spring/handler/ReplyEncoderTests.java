package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strings are encoded in the server's charset; a string returned again as the very same instance reuses
 * its bytes, and only then.
 */
class ReplyEncoderTests {

    private final ReplyEncoder encoder = new ReplyEncoder(PayloadFormat.TEXT, StandardCharsets.UTF_8,
            JsonMapper.builder().build());

    @Test
    void whenTheSameStringIsReturnedAgainThenItsBytesAreReusedAndEqualItsEncoding() {
        String constant = "+PONG \u20ac";

        byte[] first = payload(encoder.encode(constant));
        byte[] second = payload(encoder.encode(constant));

        assertThat(second).isSameAs(first).isEqualTo(constant.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whenAnEqualButOtherStringIsReturnedThenItIsEncodedAnew() {
        String constant = "+OK";
        byte[] cached = payload(encoder.encode(constant));

        byte[] other = payload(encoder.encode(new String(constant.toCharArray())));

        assertThat(other).isNotSameAs(cached).isEqualTo(cached);
    }

    @Test
    void whenStringsDifferThenEachReplyCarriesItsOwnText() {
        encoder.encode("+PONG");
        for (int i = 0; i < 10 * ReplyEncoder.REPLACE_ONE_IN; i++) {
            String text = "reply " + i;

            assertThat(new String(payload(encoder.encode(text)), StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(new String(payload(encoder.encode("+PONG")), StandardCharsets.UTF_8)).isEqualTo("+PONG");
        }
    }

    @Test
    void whenAnotherConstantIsReturnedFromNowOnThenItTakesTheSlot() {
        encoder.encode("+PONG");
        String next = "+OK";
        byte[] previous = payload(encoder.encode(next));
        int tries = 0;
        byte[] current;
        // each miss takes the slot with probability 1/REPLACE_ONE_IN: (31/32)^5000 is ~e^-158
        while ((current = payload(encoder.encode(next))) != previous && tries++ < 5000) {
            previous = current;
        }

        assertThat(payload(encoder.encode(next))).isSameAs(current).isEqualTo(new byte[] { '+', 'O', 'K' });
    }

    @Test
    void whenAStringIsLongThenItIsNeverKept() {
        String large = "x".repeat(ReplyEncoder.MAX_CACHED_LENGTH + 1);

        byte[] first = payload(encoder.encode(large));
        byte[] second = payload(encoder.encode(large));

        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }

    private static byte[] payload(Reply reply) {
        return ((Reply.Now) reply).payload();
    }
}
