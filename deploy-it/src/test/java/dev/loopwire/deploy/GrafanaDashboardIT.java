package dev.loopwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * deploy/grafana/loopwire-dashboard.json against what the demo's {@code /actuator/prometheus} exposes: every
 * metric a query (or the instance variable) names exists, and every label it filters or groups by is one of
 * that metric's labels (or a label Prometheus adds to each target: instance, job). The demo runs as the jar,
 * with the histogram setting deploy/kubernetes passes (the handler p99 panel needs the buckets).
 */
class GrafanaDashboardIT {

    private static final Pattern METRIC = Pattern.compile("\\b(loopwire_[a-zA-Z0-9_]+)\\b");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"");
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final List<String> REQUIRED_PANELS = List.of("Loop lag", "Connections", "Frames/s",
            "Handler p99", "Paused connections", "Rejected frames");

    @Test
    void whenDashboardQueriesThenEachNamesMetricsAndLabelsTheDemoExposes() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(
                Files.readString(DemoInstance.repoRoot().resolve("deploy/grafana/loopwire-dashboard.json")));
        List<String> titles = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                queries.add(variable.get("definition").asText());
            }
        }
        assertThat(titles).containsAll(REQUIRED_PANELS);

        Map<String, Set<String>> exposed = scrapeDemo();
        for (String query : queries) {
            Matcher metrics = METRIC.matcher(query);
            Set<String> labels = new HashSet<>(TARGET_LABELS);
            labels.add("le");
            int named = 0;
            while (metrics.find()) {
                named++;
                String metric = metrics.group(1);
                assertThat(exposed).as("metric %s of query %s", metric, query).containsKey(metric);
                labels.addAll(exposed.get(metric));
            }
            assertThat(named).as("query names a loopwire metric: " + query).isPositive();
            for (String label : usedLabels(query)) {
                assertThat(labels).as("label %s of query %s", label, query).contains(label);
            }
        }
    }

    private static Set<String> usedLabels(String query) {
        Set<String> used = new HashSet<>();
        Matcher grouping = GROUPING.matcher(query);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                used.add(label.trim());
            }
        }
        Matcher matcher = MATCHER.matcher(query);
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        return used;
    }

    /** Metric name -> label names, from one scrape of a demo JVM. */
    private static Map<String, Set<String>> scrapeDemo() throws Exception {
        try (DemoInstance demo = new DemoInstance("demo", DemoInstance.freePort(), List.of(
                "--loopwire.servers.echo.port=0",
                "--loopwire.metrics.handler-duration.enabled=true",
                "--management.metrics.distribution.percentiles-histogram.loopwire.handler.duration=true"))) {
            demo.start();
            demo.awaitStarted(Duration.ofSeconds(60));
            HttpResponse<String> scrape = demo.get("/actuator/prometheus");
            assertThat(scrape).isNotNull();
            assertThat(scrape.statusCode()).isEqualTo(200);
            Map<String, Set<String>> exposed = new HashMap<>();
            for (String line : scrape.body().split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.find()) {
                    continue;
                }
                Set<String> labels = exposed.computeIfAbsent(sample.group(1), name -> new HashSet<>());
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
            assertThat(exposed).as("the scrape has Loopwire metrics").containsKey("loopwire_loop_alive");
            return exposed;
        }
    }
}
