package dev.loopwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: two demo instances (child JVMs) behind a real HAProxy running {@code deploy/haproxy.cfg} (TCP
 * mode, {@code send-proxy-v2}, HTTP checks on {@code /actuator/health/readiness}), restarted one after the
 * other with SIGTERM while a client pipelines numbered lines through HAProxy.
 * <ul>
 * <li>no request is lost or answered out of order: failed == 0, answered == sent;</li>
 * <li>each instance sees the client's address (the PROXY v2 header), not HAProxy's;</li>
 * <li>readiness is OUT_OF_SERVICE (503) from the start of the shutdown, and HAProxy marks the instance DOWN
 * before it stops accepting ({@code loopwire.shutdown.readiness-delay}).</li>
 * </ul>
 * Skipped when {@code haproxy} is not installed. Every child is stopped by its PID in the finally blocks.
 */
class HaproxyRollingRestartIT {

    private static final Pattern PROXY_REPORT = Pattern.compile("proxy \\S*:(\\d+) reports client \\S*:(\\d+)");
    private static final Pattern STOPS_ACCEPTING = Pattern.compile("Server echo shutting down gracefully");
    private static final Pattern ECHO_STOPPED = Pattern.compile("Server echo stopped");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);

    @Test
    void whenRestartingRollingBehindHaproxyThenNothingIsLost() throws Exception {
        String haproxy = findHaproxy();
        Assumptions.assumeTrue(haproxy != null,
                "haproxy not found: install it with `apt-get install haproxy` (.ci/run does)");

        int frontend = DemoInstance.freePort();
        Map<String, Integer> echoPorts = Map.of("a", DemoInstance.freePort(), "b", DemoInstance.freePort());
        DemoInstance a = instance("a", echoPorts.get("a"));
        DemoInstance b = instance("b", echoPorts.get("b"));
        ChildProcess lb = null;
        PipelinedClient client = new PipelinedClient(new InetSocketAddress("127.0.0.1", frontend), 4, 16);
        List<String> report = new ArrayList<>();
        try {
            a.start();
            b.start();
            a.awaitStarted(START_TIMEOUT);
            b.awaitStarted(START_TIMEOUT);
            for (DemoInstance instance : List.of(a, b)) {
                HttpResponse<String> ready = instance.get("/actuator/health/readiness");
                assertThat(ready).isNotNull();
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            }

            Path cfg = DemoInstance.repoRoot().resolve("deploy/haproxy.cfg");
            ProcessBuilder builder = new ProcessBuilder(haproxy, "-db", "-f", cfg.toString())
                    .directory(new File(System.getProperty("java.io.tmpdir")));
            builder.environment().put("LW_FRONTEND_BIND", "127.0.0.1:" + frontend);
            builder.environment().put("LW_A_ADDR", "127.0.0.1:" + echoPorts.get("a"));
            builder.environment().put("LW_B_ADDR", "127.0.0.1:" + echoPorts.get("b"));
            builder.environment().put("LW_A_MGMT_PORT", String.valueOf(a.httpPort()));
            builder.environment().put("LW_B_MGMT_PORT", String.valueOf(b.httpPort()));
            lb = ChildProcess.start("haproxy", builder);
            awaitFrontend(lb, frontend, client);

            client.start();
            long before = client.answered.get();
            await("traffic flows").atMost(Duration.ofSeconds(10)).until(() -> client.answered.get() > before + 1000);

            for (DemoInstance instance : List.of(a, b)) {
                report.add(restart(instance, lb, client));
            }
            long afterRestarts = client.answered.get();
            await("traffic flows after the restarts").atMost(Duration.ofSeconds(10))
                    .until(() -> client.answered.get() > afterRestarts + 1000);
            client.stopAndJoin();

            String summary = "HAProxy rolling restart: " + client.report() + "; " + String.join("; ", report);
            System.out.println(summary);
            assertThat(client.problems).as(summary).isEmpty();
            assertThat(client.failed.get()).as(summary).isZero();
            assertThat(client.answered.get()).as(summary).isEqualTo(client.sent.get());
            assertThat(client.reconnects.get()).as("the draining instances closed connections: " + summary)
                    .isPositive();
            assertThat(lb.output()).as("one instance was UP all the time").doesNotContain("has no server available");

            for (DemoInstance instance : List.of(a, b)) {
                assertSeesClientAddresses(instance, client);
            }
        } catch (Throwable failure) {
            System.out.println("Outputs of the children:\n" + (lb == null ? "" : lb.output()) + a.output()
                    + b.output());
            throw failure;
        } finally {
            client.stopAndJoin();
            if (lb != null) {
                lb.close();
            }
            a.close();
            b.close();
        }
    }

    private static DemoInstance instance(String name, int echoPort) throws Exception {
        return new DemoInstance(name, DemoInstance.freePort(), List.of(
                "--loopwire.servers.echo.port=" + echoPort,
                "--loopwire.servers.echo.proxy-protocol=required",
                "--loopwire.servers.echo.trusted-proxies=127.0.0.1",
                "--loopwire.shutdown.readiness-delay=1s",
                "--spring.lifecycle.timeout-per-shutdown-phase=10s",
                "--logging.level.dev.loopwire.transport.proxy=DEBUG"));
    }

    /**
     * SIGTERM, then: readiness answers 503 OUT_OF_SERVICE while the instance drains, HAProxy marks it DOWN
     * before it stops accepting, it exits 0 (Boot's exit code for a SIGTERM shutdown is 143: either);
     * then it starts again on the same ports and HAProxy marks it UP.
     */
    private static String restart(DemoInstance instance, ChildProcess lb, PipelinedClient client) throws Exception {
        String server = "loopwire_instances/" + nameOf(instance);
        await(server + " UP in HAProxy").atMost(Duration.ofSeconds(10)).until(() -> isUp(lb, server));
        int downsBefore = count(lb, "Server " + server + " is DOWN");
        int upsBefore = count(lb, "Server " + server + " is UP");
        ChildProcess run = instance.current();
        long answeredBefore = client.answered.get();
        long start = System.nanoTime();
        run.terminate();

        HttpResponse<String> readiness = await("readiness of " + run.name() + " during shutdown")
                .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> instance.get("/actuator/health/readiness"), r -> r != null && r.statusCode() == 503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");

        await(server + " DOWN in HAProxy").atMost(Duration.ofSeconds(5))
                .until(() -> count(lb, "Server " + server + " is DOWN") > downsBefore);
        run.awaitLine(STOPS_ACCEPTING, Duration.ofSeconds(10));
        int exit = run.awaitExit(Duration.ofSeconds(20));
        long drainMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(exit).as(run.output()).isIn(0, 143);
        long down = nthMatch(lb, "Server " + server + " is DOWN", downsBefore).nanos();
        long stopsAccepting = run.firstMatch(STOPS_ACCEPTING).nanos();
        assertThat(down).as("HAProxy marks %s DOWN before it stops accepting:%n%s%s", server, lb.output(),
                run.output()).isLessThan(stopsAccepting);
        ChildProcess.Line stopped = run.firstMatch(ECHO_STOPPED);
        assertThat(stopped).as(run.output()).isNotNull();
        long downToStop = (stopsAccepting - down) / 1_000_000;
        long drainedMillis = (stopped.nanos() - stopsAccepting) / 1_000_000;

        instance.start();
        instance.awaitStarted(START_TIMEOUT);
        await(server + " UP again in HAProxy").atMost(Duration.ofSeconds(10))
                .until(() -> count(lb, "Server " + server + " is UP") > upsBefore && isUp(lb, server));
        long answeredAcross = client.answered.get() - answeredBefore;
        return String.format("%s: SIGTERM to exit %d ms, HAProxy DOWN %d ms before accepting stopped, echo drained"
                + " in %d ms, %d answered meanwhile", nameOf(instance), drainMillis, downToStop, drainedMillis,
                answeredAcross);
    }

    private static void assertSeesClientAddresses(DemoInstance instance, PipelinedClient client) {
        int reports = 0;
        for (ChildProcess run : instance.runs()) {
            for (ChildProcess.Line line : run.lines()) {
                Matcher matcher = PROXY_REPORT.matcher(line.text());
                if (matcher.find()) {
                    reports++;
                    int proxyPort = Integer.parseInt(matcher.group(1));
                    int clientPort = Integer.parseInt(matcher.group(2));
                    assertThat(client.localPorts).as("client port reported by %s: %s", run.name(), line.text())
                            .contains(clientPort);
                    assertThat(proxyPort).as("HAProxy's own port is not the client's").isNotEqualTo(clientPort);
                }
            }
        }
        assertThat(reports).as("PROXY v2 headers applied by instance %s:%n%s", nameOf(instance),
                instance.output()).isPositive();
    }

    private static String nameOf(DemoInstance instance) {
        return instance.runs().get(0).name().substring(0, 1);
    }

    /** The last state line HAProxy printed for the server says UP, or there is none (it starts UP). */
    private static boolean isUp(ChildProcess lb, String server) {
        String last = null;
        for (ChildProcess.Line line : lb.lines()) {
            if (line.text().contains("Server " + server + " is ")) {
                last = line.text();
            }
        }
        return last == null || last.contains("Server " + server + " is UP");
    }

    private static int count(ChildProcess process, String text) {
        return (int) process.lines().stream().filter(line -> line.text().contains(text)).count();
    }

    private static ChildProcess.Line nthMatch(ChildProcess process, String text, int n) {
        return process.lines().stream().filter(line -> line.text().contains(text)).skip(n).findFirst()
                .orElseThrow();
    }

    /** Connects until HAProxy accepts; the probes' ports count as the client's (HAProxy forwards them too). */
    private static void awaitFrontend(ChildProcess lb, int port, PipelinedClient client) {
        await("haproxy listens on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertThat(lb.isAlive()).as("haproxy exited:%n%s", lb.output()).isTrue();
                    try (java.net.Socket probe = new java.net.Socket()) {
                        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        client.localPorts.add(probe.getLocalPort());
                        return true;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
    }

    /** The haproxy binary on the PATH or in the usual places; null when absent. */
    static String findHaproxy() {
        List<String> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(dir + "/haproxy");
        }
        candidates.addAll(List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy"));
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        }
        return null;
    }
}
