package dev.loopwire.it.starteronly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 21: an application whose classpath is the Loopwire starter and its transitive dependencies
 * only (this module's pom) reads {@code application.yml}, logs through Logback, and answers frames.
 * Without {@code spring-boot-starter} in the starter's pom, startup fails on the YAML file and SLF4J
 * falls back to its no-operation logger, so every assertion below would fail.
 */
class StarterOnlyApplicationTests {

    @Test
    void whenOnlyTheStarterIsAddedThenTheClasspathHoldsNoOtherStarter() {
        // what other starters would bring and so hide a gap: the test support, a web server
        assertThat(present("org.springframework.boot.test.context.SpringBootTest")).isFalse();
        assertThat(present("org.springframework.web.servlet.DispatcherServlet")).isFalse();
        assertThat(present("org.springframework.boot.actuate.endpoint.annotation.Endpoint")).isFalse();
    }

    @Test
    void whenStartedFromApplicationYmlThenItLogsThroughLogbackAndAnswersAFrame() throws Exception {
        Path logFile = Paths.get("target", "starter-only-it", "application.log").toAbsolutePath();
        Files.deleteIfExists(logFile);

        // only the port (0: a free one) and the log file's place are given here; the server itself,
        // its framing and dispatch come from application.yml
        try (ConfigurableApplicationContext context = SpringApplication.run(StarterOnlyApplication.class,
                "--loopwire.servers.lines.port=0", "--logging.file.name=" + logFile)) {
            assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                    .as("SLF4J provider").startsWith("ch.qos.logback.");

            String port = context.getEnvironment().getProperty("local.loopwire.lines.port");
            assertThat(port).as("the 'lines' server from application.yml is listening").isNotNull();

            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 5_000);
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("+PONG");
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logFile)
                    .as("Logback's file appender").exists()
                    .content(StandardCharsets.UTF_8)
                    .contains("Server lines listening on"));
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, StarterOnlyApplicationTests.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }
}
