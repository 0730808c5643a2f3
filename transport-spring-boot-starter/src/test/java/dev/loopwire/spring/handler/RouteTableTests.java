package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The byte-level route tables find what the extractors' String keys found, and cut the same payloads. */
class RouteTableTests {

    @Test
    void whenLineFramesInAnyCaseThenTheTableFindsWhatTheExtractorsKeyFinds() {
        RouteExtractor extractor = RouteExtractor.firstWord();
        Map<String, String> routes = routes(extractor, "get", "SET", "del", "x", "été", "straße", "GETX");
        RouteTable<String> table = RouteTable.of(extractor, routes);

        List<String> frames = List.of("get k", "GeT  k v", "  set\tk v", "DEL", "x", "X y", "GE", "GETX 1", "GETXY",
                "", "   ", "été 1", "ÉTÉ 2", "STRASSE 3", "strasse", "straße", "unknown word", "get\u00e9 k");
        for (String text : frames) {
            for (byte[] frame : List.of(text.getBytes(StandardCharsets.ISO_8859_1), text.getBytes(StandardCharsets.UTF_8))) {
                RouteExtractor.Routed routed = extractor.extract(frame);
                String expected = routes.get(routed.route());
                assertThat(table.find(frame)).as(text).isEqualTo(expected);
                if (expected != null) {
                    assertThat(table.payload(frame)).as(text).isEqualTo(routed.payload());
                }
            }
        }
    }

    @Test
    void whenTypeFieldFramesThenTheTableFindsWhatTheExtractorsKeyFinds() {
        RouteExtractor extractor = RouteExtractor.typeField(1, 2, ByteOrder.LITTLE_ENDIAN);
        Map<String, String> routes = routes(extractor, "0", "1", "0x1FF", "65535");
        RouteTable<String> table = RouteTable.of(extractor, routes);

        for (int value : new int[] { 0, 1, 2, 0x1FF, 0xFF01, 65535 }) {
            byte[] frame = { 'a', (byte) value, (byte) (value >>> 8), 'b' };
            RouteExtractor.Routed routed = extractor.extract(frame);
            assertThat(table.find(frame)).as("type %d", value).isEqualTo(routes.get(routed.route()));
            assertThat(table.payload(frame)).isEqualTo(routed.payload());
        }
        assertThat(table.find(new byte[] { 'a', 1 })).isNull();
    }

    @Test
    void whenCustomExtractorThenNoTable() {
        RouteExtractor custom = new RouteExtractor() {
            @Override
            public Routed extract(byte[] frame) {
                return new Routed("A", frame);
            }

            @Override
            public String normalize(String route) {
                return route;
            }

            @Override
            public String unknownRouteMessage(String route) {
                return route;
            }
        };
        assertThat(RouteTable.of(custom, Map.of("A", "a"))).isNull();
    }

    private static Map<String, String> routes(RouteExtractor extractor, String... written) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String route : written) {
            routes.put(extractor.normalize(route), "handler of " + route);
        }
        return routes;
    }
}
