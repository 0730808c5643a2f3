package dev.loopwire.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Renders a {@link ResultTable} as a PNG bar chart: one group per scenario, one bar per peer,
 * height = median requests/s relative to the baseline peer (baseline = 1.0), because absolute
 * rates differ by orders of magnitude between scenarios. Runs headless.
 */
public final class ResultChart {

    private ResultChart() {
    }

    /**
     * Writes the chart; creates parent directories. Sets {@code java.awt.headless=true} if unset.
     *
     * @param table  aggregated results
     * @param png    target file, written as is
     * @param title  chart title
     */
    public static void write(ResultTable table, Path png, String title) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Set<String> scenarios = new LinkedHashSet<>();
        Map<String, Map<String, Double>> ratioByPeer = new LinkedHashMap<>();
        for (ResultTable.Row row : table.rows()) {
            scenarios.add(row.scenario());
            double ratio = Double.isNaN(row.ratioToBaseline()) ? 0 : row.ratioToBaseline();
            ratioByPeer.computeIfAbsent(row.peer(), k -> new LinkedHashMap<>()).put(row.scenario(), ratio);
        }
        CategoryChart chart = new CategoryChartBuilder().width(1250).height(600).title(title)
                .xAxisTitle("scenario").yAxisTitle("throughput relative to " + table.baseline()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<String> xs = new ArrayList<>(scenarios);
        ratioByPeer.forEach((peer, byScenario) -> {
            List<Double> ys = new ArrayList<>();
            for (String scenario : xs) {
                ys.add(byScenario.getOrDefault(scenario, 0.0));
            }
            chart.addSeries(peer, xs, ys);
        });
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
        }
    }
}
