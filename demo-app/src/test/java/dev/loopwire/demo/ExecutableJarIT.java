package dev.loopwire.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jar {@code mvn package} builds is executable: it names Spring Boot's launcher and the demo's main
 * class, and {@code java -jar} on it (with the README's {@code --loopwire.servers.lines.port=...} form of
 * override) starts servers that answer. Runs in the integration-test phase, after repackage.
 */
class ExecutableJarIT {

    private static final Pattern LINES = Pattern.compile("Server lines listening on \\S*:(\\d+) ");
    private static final Pattern ECHO = Pattern.compile("Server echo listening on \\S*:(\\d+) ");

    private static Path jar() {
        String jar = System.getProperty("demo.jar");
        assertThat(jar).as("system property demo.jar (set by the failsafe configuration)").isNotNull();
        return Paths.get(jar);
    }

    @Test
    void whenJarIsBuiltThenItNamesTheLauncherAndTheDemosMainClass() throws Exception {
        try (JarFile jarFile = new JarFile(jar().toFile())) {
            Manifest manifest = jarFile.getManifest();
            assertThat(manifest).as("manifest of " + jar()).isNotNull();
            assertThat(manifest.getMainAttributes().getValue("Main-Class"))
                    .startsWith("org.springframework.boot.loader.");
            assertThat(manifest.getMainAttributes().getValue("Start-Class"))
                    .isEqualTo(DemoApplication.class.getName());
        }
    }

    @Test
    void whenJarRunsWithJavaDashJarThenItsServersAnswer() throws Exception {
        startAndAsk(List.of());
    }

    /**
     * The jar carries the code process-aot generated: with spring.aot.enabled Spring Boot refuses to start
     * without it, so an answer proves the generated bean definitions (handlers, clients, servers) work.
     */
    @Test
    void whenAotIsEnabledThenTheJarStartsOnTheGeneratedCodeAndAnswers() throws Exception {
        try (JarFile jarFile = new JarFile(jar().toFile())) {
            assertThat(jarFile.getEntry("BOOT-INF/classes/" + DemoApplication.class.getName().replace('.', '/')
                    + "__ApplicationContextInitializer.class")).as("AOT initializer in the jar").isNotNull();
        }
        startAndAsk(List.of("-Dspring.aot.enabled=true"));
    }

    private static void startAndAsk(List<String> jvmOptions) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(),
                "--loopwire.io-threads=1",
                "--loopwire.servers.lines.port=0", "--loopwire.servers.lines.host=127.0.0.1",
                "--loopwire.servers.json.port=0", "--loopwire.servers.json.host=127.0.0.1",
                "--loopwire.servers.echo.port=0", "--loopwire.servers.echo.host=127.0.0.1",
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.lifecycle.timeout-per-shutdown-phase=2s"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .directory(new File(System.getProperty("java.io.tmpdir")));
        Process child = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (Exception ignored) {
                // the child ended
            }
        }, "demo-jar-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int echo = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> listeningPort(ECHO, output, child), p -> p > 0);
            int lines = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> listeningPort(LINES, output, child), p -> p > 0);
            try (Socket socket = connect(echo)) {
                socket.getOutputStream().write("hello jar\n".getBytes(StandardCharsets.UTF_8));
                assertThat(reader(socket).readLine()).isEqualTo("hello jar");
            }
            try (Socket socket = connect(lines)) {
                socket.getOutputStream().write("PING\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader in = reader(socket);
                assertThat(in.readLine()).isEqualTo("+OK loopwire ready"); // the greeting comes first
                assertThat(in.readLine()).isEqualTo("+PONG");
            }
        } finally {
            child.destroy(); // SIGTERM: graceful shutdown, bounded by the 2 s phase timeout
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The port from the "listening" line; fails at once when the child died before it. */
    private static int listeningPort(Pattern listening, List<String> output, Process child) {
        for (String line : output) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        assertThat(child.isAlive()).as("java -jar exited early with %s; output:%n%s",
                child.isAlive() ? "-" : child.exitValue(), String.join("\n", output)).isTrue();
        return -1;
    }
}
