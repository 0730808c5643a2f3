package dev.loopwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes against the demo's {@code application.yml}: the probes hit the liveness and readiness
 * health groups the demo defines, on its HTTP (management) port; every Loopwire server port is a container
 * port the Service reaches; the grace period covers the preStop sleep plus the shutdown timeout; the
 * selectors of the Deployment, the Service and the PodDisruptionBudget match the pod labels.
 */
class KubernetesManifestsTests {

    private static final Path ROOT = DemoInstance.repoRoot();

    @Test
    void whenProbesAreDeclaredThenTheyUseTheDemosHealthGroupsOnItsManagementPort() throws IOException {
        Map<String, Object> app = yaml(ROOT.resolve("demo-app/src/main/resources/application.yml"));
        Map<String, Object> container = container();
        Map<String, Integer> ports = containerPorts(container);

        assertThat((Object) get(app, "management.endpoint.health.probes.enabled")).isEqualTo(true);
        assertThat(map(get(app, "management.endpoint.health.group"))).containsKeys("liveness", "readiness");
        int managementPort = managementPort(app);

        for (String[] probe : new String[][] { { "livenessProbe", "/actuator/health/liveness" },
                { "readinessProbe", "/actuator/health/readiness" } }) {
            Map<String, Object> httpGet = map(get(container, probe[0] + ".httpGet"));
            assertThat(httpGet.get("path")).as(probe[0]).isEqualTo(probe[1]);
            assertThat(resolvePort(httpGet.get("port"), ports)).as(probe[0] + " port").isEqualTo(managementPort);
        }
        Map<String, Object> startup = map(get(container, "startupProbe.httpGet"));
        assertThat(startup.get("path")).isEqualTo("/actuator/health/liveness");
        assertThat(resolvePort(startup.get("port"), ports)).isEqualTo(managementPort);
    }

    @Test
    void whenServersListenThenEveryPortIsAContainerPortTheServiceReaches() throws IOException {
        Map<String, Object> app = yaml(ROOT.resolve("demo-app/src/main/resources/application.yml"));
        Map<String, Integer> ports = containerPorts(container());
        Map<String, Object> servers = map(get(app, "loopwire.servers"));
        assertThat(servers).isNotEmpty();

        Set<Integer> targets = new HashSet<>();
        for (Object port : list(get(yaml(ROOT.resolve("deploy/kubernetes/service.yaml")), "spec.ports"))) {
            targets.add(resolvePort(map(port).get("targetPort"), ports));
        }
        for (Map.Entry<String, Object> server : servers.entrySet()) {
            Object port = map(server.getValue()).get("port");
            assertThat(ports.values()).as("container port of server " + server.getKey()).contains((Integer) port);
            assertThat(targets).as("Service target port of server " + server.getKey()).contains((Integer) port);
        }
        assertThat(targets).as("the Service reaches the HTTP port too").contains(managementPort(app));
    }

    @Test
    void whenPodTerminatesThenTheGracePeriodCoversPreStopAndTheShutdownTimeout() throws IOException {
        Map<String, Object> app = yaml(ROOT.resolve("demo-app/src/main/resources/application.yml"));
        Duration shutdown = duration(String.valueOf(get(app, "spring.lifecycle.timeout-per-shutdown-phase")));
        List<?> command = list(get(container(), "lifecycle.preStop.exec.command"));
        assertThat(command).hasSize(2).first().isEqualTo("sleep");
        int preStopSeconds = Integer.parseInt(String.valueOf(command.get(1)));
        assertThat(preStopSeconds).as("preStop sleep").isPositive();

        int grace = (Integer) get(deployment(), "spec.template.spec.terminationGracePeriodSeconds");
        assertThat((long) grace).as("terminationGracePeriodSeconds >= preStop %d s + shutdown %s", preStopSeconds,
                shutdown).isGreaterThanOrEqualTo(preStopSeconds + shutdown.toSeconds());
    }

    @Test
    void whenServiceAndDeploymentSelectThenTheSelectorsMatchThePodLabels() throws IOException {
        Map<String, Object> deployment = deployment();
        Map<String, Object> podLabels = map(get(deployment, "spec.template.metadata.labels"));
        assertThat(podLabels).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(map(get(deployment, "spec.selector.matchLabels")));
        assertThat(podLabels).containsAllEntriesOf(
                map(get(yaml(ROOT.resolve("deploy/kubernetes/service.yaml")), "spec.selector")));
        Map<String, Object> pdb = yaml(ROOT.resolve("deploy/kubernetes/pdb.yaml"));
        assertThat(podLabels).containsAllEntriesOf(map(get(pdb, "spec.selector.matchLabels")));
        assertThat((Integer) get(pdb, "spec.minAvailable")).as("the PDB leaves a pod to evict")
                .isLessThan((Integer) get(deployment, "spec.replicas"));
    }

    private static Map<String, Object> deployment() throws IOException {
        Map<String, Object> deployment = yaml(ROOT.resolve("deploy/kubernetes/deployment.yaml"));
        assertThat(deployment.get("kind")).isEqualTo("Deployment");
        return deployment;
    }

    private static Map<String, Object> container() throws IOException {
        List<?> containers = list(get(deployment(), "spec.template.spec.containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    /** The HTTP port actuator answers on: management.server.port when set, else server.port. */
    private static int managementPort(Map<String, Object> app) {
        Object management = get(app, "management.server.port");
        return (Integer) (management != null ? management : get(app, "server.port"));
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (Object port : list(container.get("ports"))) {
            Map<String, Object> entry = map(port);
            ports.put(String.valueOf(entry.get("name")), (Integer) entry.get("containerPort"));
        }
        return ports;
    }

    /** A port given by number or by a container port's name. */
    private static int resolvePort(Object port, Map<String, Integer> named) {
        if (port instanceof Integer number) {
            return number;
        }
        assertThat(named).as("named port " + port).containsKey(String.valueOf(port));
        return named.get(String.valueOf(port));
    }

    /** Boot's simple duration format: 20s, 500ms, 1m. */
    static Duration duration(String text) {
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.trim());
        assertThat(matcher.matches()).as("duration " + text).isTrue();
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(value);
            case "m" -> Duration.ofMinutes(value);
            case "h" -> Duration.ofHours(value);
            default -> Duration.ofMillis(value);
        };
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    /** A dotted path into nested maps; null when absent. */
    static Object get(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    static List<?> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return new ArrayList<>((List<?>) value);
    }
}
