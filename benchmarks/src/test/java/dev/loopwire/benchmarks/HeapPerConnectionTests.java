package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the measuring procedure on a small K; the figures themselves are not asserted. */
@Timeout(60)
class HeapPerConnectionTests {

    @Test
    void whenMeasuringFewConnectionsThenEveryPeerReports() throws Exception {
        var measurements = new HeapPerConnection().measureAll(EchoPeers.defaults().select(java.util.List.of("netty-inloop")), 200);

        assertThat(measurements).hasSize(2);
        assertThat(measurements).allSatisfy(m -> {
            assertThat(m.connections()).isEqualTo(200);
            assertThat(m.grossBytesPerConnection()).isFinite();
        });
        assertThat(HeapPerConnection.toMarkdown(measurements)).contains("| netty-inloop | 200 |");
    }

    @Test
    void whenConnectionsAreNotSetThenTheDefaultRespectsTheDescriptorLimit() {
        assertThat(HeapPerConnection.defaultConnections()).isBetween(10, 10_000);
    }
}
