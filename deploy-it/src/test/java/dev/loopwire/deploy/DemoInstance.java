package dev.loopwire.deploy;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;

/**
 * One demo instance: {@code java -jar demo-app-<version>.jar} as a child JVM, on fixed ports picked free at
 * test start (a restarted instance binds the same ones, as behind a load balancer), with extra command-line
 * overrides. Not thread-safe: one test thread starts and stops it.
 */
final class DemoInstance implements AutoCloseable {

    static final Pattern STARTED = Pattern.compile("Started DemoApplication in");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int httpPort;
    private final List<String> overrides;
    private final List<ChildProcess> runs = new ArrayList<>();
    private ChildProcess current;

    DemoInstance(String name, int httpPort, List<String> overrides) {
        this.name = name;
        this.httpPort = httpPort;
        this.overrides = List.copyOf(overrides);
    }

    static Path jar() {
        String jar = System.getProperty("demo.jar");
        Assertions.assertThat(jar).as("system property demo.jar (set by deploy-it's pom)").isNotNull();
        Path path = Paths.get(jar);
        Assertions.assertThat(Files.isRegularFile(path))
                .as("%s exists: build demo-app first (mvn -B -pl deploy-it -am verify)", path).isTrue();
        return path;
    }

    static Path repoRoot() {
        return Paths.get(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /** A port free now (bound to 0 and released). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Starts the JVM; {@link #awaitStarted} waits for it. */
    ChildProcess start() throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", jar().toString(),
                "--server.port=" + httpPort, "--server.address=127.0.0.1", "--server.shutdown=graceful",
                "--loopwire.io-threads=1", "--loopwire.business.threads=2",
                "--loopwire.servers.lines.host=127.0.0.1", "--loopwire.servers.lines.port=0",
                "--loopwire.servers.json.host=127.0.0.1", "--loopwire.servers.json.port=0",
                "--loopwire.servers.echo.host=127.0.0.1"));
        command.addAll(overrides);
        current = ChildProcess.start(name + "#" + (runs.size() + 1),
                new ProcessBuilder(command).directory(new File(System.getProperty("java.io.tmpdir"))));
        runs.add(current);
        return current;
    }

    void awaitStarted(Duration timeout) {
        current.awaitLine(STARTED, timeout);
    }

    ChildProcess current() {
        return current;
    }

    List<ChildProcess> runs() {
        return List.copyOf(runs);
    }

    int httpPort() {
        return httpPort;
    }

    /** GET on the instance's HTTP port: status and body, or status -1 when nothing answers. */
    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    String output() {
        StringBuilder all = new StringBuilder();
        for (ChildProcess run : runs) {
            all.append(run.output());
        }
        return all.toString();
    }

    /** Ends every run still alive, by PID. */
    @Override
    public void close() {
        for (ChildProcess run : runs) {
            run.close();
        }
    }
}
