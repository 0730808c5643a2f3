package dev.loopwire.spring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.spring.handler.RouteExtractor;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the client writes is what the server's route extractor reads back. */
class RouteWriterTests {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whenALineCarriesARouteThenTheServerReadsTheWordAndTheArguments() {
        byte[] frame = RouteWriter.firstWord(StandardCharsets.UTF_8).write("SET", bytes("k v"));
        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo("SET k v");
        RouteExtractor.Routed routed = RouteExtractor.firstWord().extract(frame);
        assertThat(routed.route()).isEqualTo("SET");
        assertThat(routed.payload()).asString().isEqualTo("k v");
        assertThat(RouteWriter.firstWord(StandardCharsets.UTF_8).write("PING", new byte[0])).asString().isEqualTo("PING");
    }

    @Test
    void whenATypeFieldCarriesTheRouteThenTheServerReadsTheSameNumberAndPayload() {
        for (ByteOrder order : new ByteOrder[] { ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN }) {
            for (int length : new int[] { 1, 2, 4 }) {
                byte[] frame = RouteWriter.typeField(2, length, order).write("200", bytes("{\"a\":1}"));
                RouteExtractor.Routed routed = RouteExtractor.typeField(2, length, order).extract(frame);
                assertThat(routed.route()).isEqualTo("200");
                assertThat(routed.payload()).asString().isEqualTo("{\"a\":1}");
            }
        }
    }

    @Test
    void whenTheRouteDoesNotFitTheTypeFieldThenItIsRefused() {
        assertThatThrownBy(() -> RouteWriter.typeField(0, 1, ByteOrder.BIG_ENDIAN).write("256", new byte[0]))
                .hasMessageContaining("does not fit a 1-byte type field");
        assertThatThrownBy(() -> RouteWriter.typeField(0, 1, ByteOrder.BIG_ENDIAN).write("GET", new byte[0]))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> RouteWriter.none("no type field").write("1", new byte[0]))
                .hasMessageContaining("no type field");
        assertThat(RouteWriter.none("x").write("", bytes("as is"))).asString().isEqualTo("as is");
    }
}
