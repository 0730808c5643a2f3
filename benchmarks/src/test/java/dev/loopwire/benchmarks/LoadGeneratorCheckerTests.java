package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator counts every bad reply: reordered, corrupted, never silently accepted. */
@Timeout(30)
class LoadGeneratorCheckerTests {

    private static final Scenario PIPELINED = new Scenario("test", BenchFraming.LENGTH_FIELD, 4, 4, 32);
    private static final LoadOptions SHORT = LoadOptions.of(Duration.ofMillis(100), Duration.ofMillis(500));

    private final LoadGenerator generator = new LoadGenerator();

    @Test
    void whenPeerEchoesCorrectlyThenRunIsClean() throws Exception {
        RunResult result = run(BlockingTestEchoServer.correct());

        assertThat(result.replies()).isPositive();
        assertThat(result.clean()).as(result.summary()).isTrue();
    }

    @Test
    void whenPeerSwapsRepliesThenReordersAreCounted() throws Exception {
        RunResult result = run(BlockingTestEchoServer.reordering());

        assertThat(result.reorders()).as(result.summary()).isPositive();
        assertThat(result.errors()).as(result.summary()).isZero();
        assertThat(result.missing()).isZero();
    }

    @Test
    void whenPeerCorruptsRepliesThenErrorsAreCounted() throws Exception {
        RunResult result = run(BlockingTestEchoServer.corrupting());

        assertThat(result.errors()).as(result.summary()).isPositive();
        assertThat(result.firstError()).contains("corrupt");
        // corrupted replies are never counted as served requests: 1 in 3 is damaged
        assertThat(result.replies()).isPositive();
        assertThat(result.clean()).isFalse();
    }

    @Test
    void whenLengthFieldLiesThenConnectionIsDroppedAndCounted() throws Exception {
        BlockingTestEchoServer liar = new BlockingTestEchoServer("test-liar", () -> payload ->
                java.util.List.of(java.util.Arrays.copyOf(payload, payload.length + 1)));
        RunResult result = run(liar);

        assertThat(result.errors()).isPositive();
        assertThat(result.lostConnections()).isEqualTo(PIPELINED.connections());
        assertThat(result.missing()).isPositive();
    }

    private RunResult run(EchoPeer peer) throws Exception {
        try (peer) {
            int port = peer.start(BenchFraming.LENGTH_FIELD, Scenario.MAX_FRAME_LENGTH);
            return generator.run(peer.name(), port, PIPELINED, SHORT);
        }
    }
}
