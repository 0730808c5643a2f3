package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.dispatch.FailureLog;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.tls.TlsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code linger-timeout}, {@code failure-log-interval} and {@code ssl.post-handshake-limit.*}: defaults equal
 * the core's, set values (and server-defaults) reach the server, and out-of-range values fail startup
 * naming the property.
 */
class LoopwireLingerAndFailureLogTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class))
            .withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
            .withPropertyValues(LoopwireAutoConfigurationTests.LINES);

    @Test
    void whenNothingIsSetThenTheDefaultsAreTheCores() {
        LoopwireServerProperties properties = new LoopwireServerProperties();
        assertThat(properties.getLingerTimeout()).isEqualTo(ConnectionSettings.DEFAULT_LINGER_TIMEOUT);
        assertThat(properties.getFailureLogInterval()).isEqualTo(FailureLog.DEFAULT_INTERVAL);
        assertThat(properties.getSsl().getPostHandshakeLimit().getMessages())
                .isEqualTo(TlsConfig.DEFAULT_POST_HANDSHAKE_MESSAGES);
        assertThat(properties.getSsl().getPostHandshakeLimit().getWindow())
                .isEqualTo(TlsConfig.DEFAULT_POST_HANDSHAKE_WINDOW);
        runner.run(context -> {
            TcpServerConfig config = config(context.getBean(LoopwireServers.class));
            assertThat(config.connectionSettings().lingerTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.failureLogInterval()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void whenSetThenTheServerUsesThem() {
        runner.withPropertyValues("loopwire.servers.lines.linger-timeout=500ms",
                "loopwire.servers.lines.failure-log-interval=1m").run(context -> {
                    TcpServerConfig config = config(context.getBean(LoopwireServers.class));
                    assertThat(config.connectionSettings().lingerTimeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(config.failureLogInterval()).isEqualTo(Duration.ofMinutes(1));
                });
    }

    @Test
    void whenSetInServerDefaultsThenServersInheritThem() {
        runner.withPropertyValues("loopwire.server-defaults.linger-timeout=0",
                "loopwire.server-defaults.failure-log-interval=30s").run(context -> {
                    TcpServerConfig config = config(context.getBean(LoopwireServers.class));
                    assertThat(config.connectionSettings().lingerTimeout()).isZero();
                    assertThat(config.failureLogInterval()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void whenOutOfRangeThenStartupFailsNamingTheProperty() {
        runner.withPropertyValues("loopwire.servers.lines.linger-timeout=2m").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("loopwire.servers.lines.linger-timeout must be between 0 (close at once) and 1m, was PT2M");
        });
        runner.withPropertyValues("loopwire.servers.lines.failure-log-interval=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("loopwire.servers.lines.failure-log-interval must be positive (e.g. 10s), was PT0S");
        });
        runner.withPropertyValues("loopwire.servers.lines.ssl.post-handshake-limit.messages=0",
                "loopwire.servers.lines.ssl.post-handshake-limit.window=0s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("loopwire.servers.lines.ssl.post-handshake-limit.messages must be at least 1, was 0")
                            .contains("loopwire.servers.lines.ssl.post-handshake-limit.window must be positive (e.g. 1m), was PT0S");
                });
    }

    private static TcpServerConfig config(LoopwireServers servers) {
        return LoopwireAutoConfigurationTests.server(servers, "lines").config();
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
