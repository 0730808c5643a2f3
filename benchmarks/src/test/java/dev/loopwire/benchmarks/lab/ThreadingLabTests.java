package dev.loopwire.benchmarks.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lab end to end in quick mode on two tiny cells: a server JVM, checked replies, the doc and a chart. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadingLabTests {

    @Test
    void whenQuickModeRunsTwoTinyCellsThenTheDocGetsCheckedRowsAndKeepsItsAccount(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("threading-models.md");
        Files.writeString(doc, "# Threading models\n\nhand-written account\n\n" + LabReport.BEGIN + "\nold\n"
                + LabReport.END + "\n\nafter the table\n");
        LabOptions options = LabOptions.parse("--quick", "--models", "leader-follower,per-route", "--workloads",
                "mixed", "--connections", "4", "--warmup-ms", "100", "--duration-ms", "300", "--out", doc.toString(),
                "--charts", dir.resolve("charts").toString());
        ThreadingLab lab = new ThreadingLab(options);

        List<LabResult> results = lab.run();
        new LabReport(options, results, lab.environment(), 1).write();

        List<LabResult> ran = results.stream().filter(LabResult::ran).toList();
        assertThat(ran).hasSize(4).allSatisfy(result -> {
            assertThat(result.ordered()).as(result.run().summary()).isTrue();
            assertThat(result.run().replies()).isPositive();
            assertThat(result.threads()).isPositive();
            assertThat(result.rssKiB()).isPositive();
        });
        String text = Files.readString(doc);
        assertThat(text).startsWith("# Threading models\n\nhand-written account").endsWith("after the table\n")
                .doesNotContain("\nold\n")
                .contains("| 4c x1 | leader-follower |", "| 4c x16 | leader-follower |",
                        "| 4c x1 | per-route |", "| 4c x16 | per-route |", "![mixed: requests/s per model and cell](charts/mixed.png)");
        assertThat(dir.resolve("charts/mixed.png")).isNotEmptyFile();
    }
}
