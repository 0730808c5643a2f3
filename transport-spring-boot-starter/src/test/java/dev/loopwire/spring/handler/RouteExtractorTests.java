package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RouteExtractorTests {

    @Test
    void whenLineHasLeadingAndRepeatedBlanksThenFirstWordIsTheUpperCasedRouteAndTheRestThePayload() {
        RouteExtractor.Routed routed = RouteExtractor.firstWord().extract(bytes("  get \t user:1 x "));
        assertThat(routed.route()).isEqualTo("GET");
        assertThat(new String(routed.payload(), StandardCharsets.UTF_8)).isEqualTo("user:1 x ");
    }

    @Test
    void whenLineIsOneWordOrEmptyThenPayloadIsEmpty() {
        assertThat(RouteExtractor.firstWord().extract(bytes("PING")).payload()).isEmpty();
        assertThat(RouteExtractor.firstWord().extract(bytes("")).route()).isEmpty();
    }

    @Test
    void whenLineRouteHasSpacesThenItIsRejected() {
        assertThat(RouteExtractor.firstWord().normalize("get")).isEqualTo("GET");
        assertThatIllegalArgumentException().isThrownBy(() -> RouteExtractor.firstWord().normalize("GET KEY"));
    }

    @Test
    void whenTypeFieldIsTwoBytesThenItsUnsignedValueInEitherOrderIsTheRoute() {
        byte[] frame = { 'a', (byte) 0x01, (byte) 0xFF, 'b', 'c' };
        RouteExtractor.Routed big = RouteExtractor.typeField(1, 2, ByteOrder.BIG_ENDIAN).extract(frame);
        assertThat(big.route()).isEqualTo("511");
        assertThat(big.payload()).containsExactly('a', 'b', 'c');
        assertThat(RouteExtractor.typeField(1, 2, ByteOrder.LITTLE_ENDIAN).extract(frame).route()).isEqualTo("65281");
    }

    @Test
    void whenFrameIsShorterThanTheTypeFieldThenItHasNoRoute() {
        RouteExtractor extractor = RouteExtractor.typeField(0, 4, ByteOrder.BIG_ENDIAN);
        assertThat(extractor.extract(new byte[] { 1, 2 }).route()).isNull();
        assertThat(extractor.unknownRouteMessage(null)).isEqualTo("frame too short for its type field");
    }

    @Test
    void whenTypeRouteIsHexOrOutOfRangeThenItIsNormalizedOrRejected() {
        RouteExtractor extractor = RouteExtractor.typeField(0, 1, ByteOrder.BIG_ENDIAN);
        assertThat(extractor.normalize("0x1F")).isEqualTo("31");
        assertThatIllegalArgumentException().isThrownBy(() -> extractor.normalize("256"))
                .withMessage("a 1-byte type field holds 0 to 255");
        assertThatIllegalArgumentException().isThrownBy(() -> extractor.normalize("GET"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
