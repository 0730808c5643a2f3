package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each built-in peer echoes correctly in a 1-second run with 4 connections, for line framing,
 * pipelined length framing and 64 KiB frames.
 */
@Timeout(60)
class EchoPeersQuickRunTests {

    private static final LoadOptions ONE_SECOND = LoadOptions.of(Duration.ofMillis(200), Duration.ofMillis(800));

    static Stream<Arguments> cells() {
        return EchoPeers.defaults().names().stream().flatMap(peer -> Scenario.standard().stream()
                .filter(s -> !s.name().equals("pipelined") && !s.name().equals("1k-conns"))
                .map(s -> Arguments.of(peer, s.withConnections(4))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void whenPeerRunsThenItEchoesEveryRequest(String peerName, Scenario scenario) throws Exception {
        RunResult result;
        try (EchoPeer peer = EchoPeers.defaults().create(peerName)) {
            assertThat(peer.name()).isEqualTo(peerName);
            int port = peer.start(scenario.framing(), Scenario.MAX_FRAME_LENGTH);
            result = new LoadGenerator().run(peerName, port, scenario, ONE_SECOND);
        }

        assertThat(result.replies()).as(result.summary()).isPositive();
        assertThat(result.errors()).as(result.summary()).isZero();
        assertThat(result.missing()).as(result.summary()).isZero();
        assertThat(result.lostConnections()).as(result.summary()).isZero();
        if (peerName.startsWith("netty") || peerName.startsWith("loopwire")) {
            assertThat(result.reorders()).as(result.summary()).isZero();
        }
        // Spring Integration's NIO factory may reorder with depth > 1; its docs say ordering is
        // not kept ("About Non-blocking I/O"), so the runner reports it rather than failing.
    }
}
