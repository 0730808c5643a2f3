package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The TLS-capable peers echo correctly over TLS through the load generator's TlsChannel. */
@Timeout(120)
class TlsEchoPeersQuickRunTests {

    private static final LoadOptions ONE_SECOND = LoadOptions.of(Duration.ofMillis(200), Duration.ofMillis(800));
    private static BenchTls tls;

    @BeforeAll
    static void certificate() throws Exception {
        tls = BenchTls.generate();
    }

    static Stream<Arguments> cells() {
        return Stream.of("netty-inloop", "loopwire-io", "loopwire-pool").flatMap(peer -> Scenario.standard().stream()
                .filter(s -> s.name().equals("pipelined") || s.name().equals("length-64KiB"))
                .map(s -> Arguments.of(peer, s.withConnections(4))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void whenPeerRunsOverTlsThenItEchoesEveryRequest(String peerName, Scenario scenario) throws Exception {
        RunResult result;
        try (EchoPeer peer = EchoPeers.defaults().create(peerName)) {
            assertThat(peer.supportsTls()).isTrue();
            int port = peer.start(scenario.framing(), Scenario.MAX_FRAME_LENGTH, tls);
            result = new LoadGenerator().run(peerName, port, scenario, ONE_SECOND, tls);
        }
        assertThat(result.replies()).as(result.summary()).isPositive();
        assertThat(result.errors()).as(result.summary()).isZero();
        assertThat(result.missing()).as(result.summary()).isZero();
        assertThat(result.lostConnections()).as(result.summary()).isZero();
        assertThat(result.reorders()).as(result.summary()).isZero();
    }
}
