package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The raw C epoll echo ({@value NativeEchoPeer#NAME}) in the out-of-process runner: every reply checked in
 * both framings when the binary was built (gcc present), and a clear skip, not a failure, when it was not.
 */
@Timeout(120)
class NativeEchoPeerTests {

    @Test
    void whenBinaryIsBuiltThenQuickRunChecksEveryReplyInBothFramings() throws Exception {
        assumeTrue(NativeEchoPeer.binary().isPresent(), NativeEchoPeer.missingReason());
        RunnerOptions options = RunnerOptions.parse("--quick", "--peers", NativeEchoPeer.NAME, "--scenarios",
                "pingpong,length-256B,length-64KiB", "--warmup-ms", "100", "--duration-ms", "300",
                "--peer-warmup-ms", "200");

        String report = new BenchmarkRunner(options, EchoPeers.defaults()).run();

        assertThat(report).contains("| pingpong | c-epoll |").contains("| length-256B | c-epoll |")
                .contains("| length-64KiB | c-epoll |").contains("Errors: none").doesNotContain("Skipped");
    }

    @Test
    void whenBinaryIsMissingThenRunnerSkipsItWithHowToBuildIt() throws Exception {
        String previous = System.getProperty(NativeEchoPeer.BINARY_PROPERTY);
        System.setProperty(NativeEchoPeer.BINARY_PROPERTY, "/nonexistent/epoll_echo");
        try {
            EchoPeers catalog = EchoPeers.defaults();
            assertThat(catalog.names()).doesNotContain(NativeEchoPeer.NAME);
            RunnerOptions options = RunnerOptions.parse("--quick", "--peers", NativeEchoPeer.NAME, "--scenarios",
                    "none");

            String report = new BenchmarkRunner(options, catalog).run();

            assertThat(report).contains("Skipped c-epoll").contains("install gcc")
                    .doesNotContain("| c-epoll |");
        } finally {
            if (previous == null) {
                System.clearProperty(NativeEchoPeer.BINARY_PROPERTY);
            } else {
                System.setProperty(NativeEchoPeer.BINARY_PROPERTY, previous);
            }
        }
    }
}
