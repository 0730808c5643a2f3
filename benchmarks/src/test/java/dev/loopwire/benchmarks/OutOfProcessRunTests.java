package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The out-of-process mode end to end, kept tiny: one peer in a JVM of its own, one short cell, every reply
 * checked, the server's CPU time read, and the child gone once stopped.
 */
@Timeout(120)
class OutOfProcessRunTests {

    private static final LoadOptions SHORT = LoadOptions.of(Duration.ofMillis(200), Duration.ofMillis(500));

    @Test
    void whenPeerRunsInItsOwnJvmThenEveryReplyIsCheckedAndTheChildIsGoneAfterStop() throws Exception {
        Scenario scenario = Scenario.standard().get(0).withConnections(2);
        PeerLauncher launcher = new PeerLauncher(List.of("-Xmx256m"), false, Duration.ofSeconds(60));
        RunResult result;
        ProcessHandle child;
        try (PeerLauncher.RunningPeer peer = launcher.start("loopwire-io", scenario.framing(),
                Scenario.MAX_FRAME_LENGTH)) {
            child = ProcessHandle.of(peer.pid()).orElseThrow();
            assertThat(peer.pid()).isNotEqualTo(ProcessHandle.current().pid());
            result = new LoadGenerator().run(peer.name(), peer.port(), scenario, SHORT, null, peer::cpuNanos);
        }

        assertThat(result.replies()).as(result.summary()).isPositive();
        assertThat(result.errors() + result.missing() + result.lostConnections() + result.reorders())
                .as(result.summary()).isZero();
        if (PeerLauncher.cpuMeasurable()) {
            assertThat(result.serverCpuNanos()).as(result.summary()).isNotNegative();
        }
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void whenRunnerComparesThenItsReportSaysEveryServerRanInItsOwnJvm() throws Exception {
        RunnerOptions options = RunnerOptions.parse("--quick", "--peers", "loopwire-io", "--scenarios", "pingpong",
                "--warmup-ms", "100", "--duration-ms", "300", "--peer-warmup-ms", "200", "--jvm-args", "-Xmx256m");

        String report = new BenchmarkRunner(options, EchoPeers.defaults()).run();

        assertThat(report).contains("every server in its own JVM").contains("Peer JVM flags: `-Xmx256m`")
                .contains("| pingpong | loopwire-io |").contains("Errors: none");
    }
}
