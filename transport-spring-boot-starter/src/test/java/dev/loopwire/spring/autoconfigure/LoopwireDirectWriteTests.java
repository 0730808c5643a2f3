package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.server.TcpServerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code direct-write}: on by default, off per server or through server-defaults. */
class LoopwireDirectWriteTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class))
            .withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
            .withPropertyValues(LoopwireAutoConfigurationTests.LINES);

    @Test
    void whenNothingIsSetThenDirectWritesAreOn() {
        runner.run(context -> assertThat(config(context.getBean(LoopwireServers.class)).connectionSettings()
                .directWrite()).isTrue());
    }

    @Test
    void whenTurnedOffInServerDefaultsThenTheServerWritesOnItsLoops() {
        runner.withPropertyValues("loopwire.server-defaults.direct-write=false").run(context -> assertThat(
                config(context.getBean(LoopwireServers.class)).connectionSettings().directWrite()).isFalse());
    }

    @Test
    void whenTurnedOffForOneServerThenThatServerWritesOnItsLoops() {
        runner.withPropertyValues("loopwire.servers.lines.direct-write=false").run(context -> assertThat(
                config(context.getBean(LoopwireServers.class)).connectionSettings().directWrite()).isFalse());
    }

    private static TcpServerConfig config(LoopwireServers servers) {
        return LoopwireAutoConfigurationTests.server(servers, "lines").config();
    }
}
