package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTableTests {

    private static final Scenario SCENARIO = Scenario.standard().get(0);

    @Test
    void whenThreeRoundsThenMedianAndRatioToBaseline() {
        List<RunResult> results = List.of(
                result("netty-inloop", 100, 0), result("other", 50, 0),
                result("netty-inloop", 300, 0), result("other", 90, 2),
                result("netty-inloop", 200, 0), result("other", 70, 0));

        ResultTable table = ResultTable.of(results, "netty-inloop");

        assertThat(table.rows()).hasSize(2);
        ResultTable.Row other = table.rows().get(1);
        assertThat(other.requestsPerSecond()).isEqualTo(70.0);
        assertThat(other.ratioToBaseline()).isEqualTo(0.35);
        assertThat(other.reorders()).isEqualTo(2);
        assertThat(table.reorderingPeers()).containsExactly("other");
        assertThat(table.toMarkdown())
                .contains("| pingpong | other | 70 | 50–90 | 0.35 | n/a |")
                .contains("Reordered replies: other.");
    }

    @Test
    void whenChartWrittenThenPngExists(@TempDir Path dir) throws Exception {
        ResultTable table = ResultTable.of(List.of(result("netty-inloop", 100, 0), result("other", 50, 0)),
                "netty-inloop");
        Path png = dir.resolve("chart.png");

        ResultChart.write(table, png, "test");

        assertThat(png).exists();
        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertThat(header).containsExactly(0x89, 'P', 'N', 'G');
    }

    private static RunResult result(String peer, long replies, long reorders) {
        Histogram histogram = new Histogram(3);
        histogram.recordValue(1_000);
        return new RunResult(peer, SCENARIO, 1_000_000_000L, replies, histogram, 0, reorders, 0, 0, null);
    }
}
