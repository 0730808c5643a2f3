package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunnerOptionsTests {

    @Test
    void whenQuickThenShortDefaults() {
        RunnerOptions options = RunnerOptions.parse("--quick", "--chart", "out/c.png", "--peers=netty-inloop");

        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.inJvm()).isFalse();
        assertThat(options.jvmArgs()).containsExactly("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch");
        assertThat(options.chart()).isEqualTo(Path.of("out/c.png"));
        assertThat(options.peers()).containsExactly("netty-inloop");
        assertThat(options.selectedScenarios()).hasSize(5);
    }

    @Test
    void whenScenariosNamedThenOnlyThose() {
        RunnerOptions options = RunnerOptions.parse("--scenarios", "length-64KiB,pingpong", "--rounds", "3");

        assertThat(options.selectedScenarios()).extracting(Scenario::name).containsExactly("length-64KiB", "pingpong");
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(RunnerOptions.parse("--scenarios=none").selectedScenarios()).isEmpty();
    }

    @Test
    void whenInJvmOrTlsThenPeersShareTheRunnersJvmAndJvmArgsAreSplit() {
        assertThat(RunnerOptions.parse("--in-jvm").inJvm()).isTrue();
        assertThat(RunnerOptions.parse("--tls").inJvm()).isTrue();
        RunnerOptions options = RunnerOptions.parse("--jvm-args", " -Xmx2g  -XX:+UseParallelGC ", "--verbose");
        assertThat(options.jvmArgs()).containsExactly("-Xmx2g", "-XX:+UseParallelGC");
        assertThat(options.verbose()).isTrue();
        assertThat(options.rounds()).isEqualTo(3);
    }

    @Test
    void whenRotatedThenEachRoundStartsWithTheNextPeer() {
        assertThat(OutOfProcessComparison.rotated(java.util.List.of("a", "b", "c"), 1)).containsExactly("b", "c", "a");
        assertThat(OutOfProcessComparison.rotated(java.util.List.of("a", "b", "c"), 3)).containsExactly("a", "b", "c");
    }

    @Test
    void whenUnknownOptionThenRejected() {
        assertThatThrownBy(() -> RunnerOptions.parse("--round", "3")).hasMessageContaining("unknown option --round");
    }
}
