package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.Dispatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every configuration mistake fails startup with a message that names the property or method. */
class LoopwireValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class))
            .withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
            .withPropertyValues(LoopwireAutoConfigurationTests.LINES);

    @Test
    void whenPortOutOfRangeThenStartupFailsNamingThePort() {
        runner.withPropertyValues("loopwire.servers.lines.port=70000").run(failsWith(
                "loopwire.servers.lines.port must be between 0 and 65535 (0 picks a free port), was 70000"));
    }

    @Test
    void whenFramingIsUnknownThenStartupFailsNamingTheFraming() {
        runner.withPropertyValues("loopwire.servers.lines.framing=xml")
                .run(failsWith("Failed to bind properties under 'loopwire.servers.lines.framing'"));
    }

    @Test
    void whenMaxLengthIsZeroThenStartupFailsNamingMaxLength() {
        runner.withPropertyValues("loopwire.servers.lines.line.max-length=0")
                .run(failsWith("loopwire.servers.lines.line.max-length must be at least 1 byte"));
    }

    @Test
    void whenMaxPendingRepliesIsZeroThenStartupFailsNamingIt() {
        runner.withPropertyValues("loopwire.servers.lines.max-pending-replies=0")
                .run(failsWith("loopwire.servers.lines.max-pending-replies must be at least 1, was 0"));
    }

    @Test
    void whenTwoServersUseOnePortThenStartupFailsNamingBoth() {
        runner.withPropertyValues("loopwire.servers.lines.port=7000", "loopwire.servers.other.port=7000")
                .run(failsWith("loopwire.servers.lines.port and loopwire.servers.other.port are both 7000"));
    }

    @Test
    void whenHandlerNamesAServerThatIsNotConfiguredThenStartupFailsNamingIt() {
        runner.withUserConfiguration(GhostHandlerConfig.class).run(failsWith(
                "GhostHandler.get(String) in bean 'ghostHandler' names server 'ghost', but loopwire.servers.ghost"
                        + " is not configured (configured servers: [lines])",
                "add loopwire.servers.ghost.port to your configuration"));
    }

    @Test
    void whenServerHasNoHandlerThenStartupFailsSayingWhatToAdd() {
        runner.withPropertyValues("loopwire.servers.idle.host=127.0.0.1").run(failsWith(
                "loopwire.servers.idle has no handler",
                "add a @MessageHandler(server = \"idle\") method or a FrameHandlerRegistration bean"));
    }

    @Test
    void whenTwoHandlersShareARouteThenStartupFailsNamingBoth() {
        runner.withUserConfiguration(DuplicateRouteConfig.class).run(failsWith(
                "Route 'GET' of server 'lines' is handled twice: by DuplicateRoutes.first(String)",
                "and DuplicateRoutes.second(String)"));
    }

    @Test
    void whenRoutedHandlerMeetsLengthFieldWithoutTypeFieldThenStartupFailsWithTheFix() {
        runner.withUserConfiguration(DuplicateRouteConfig.class)
                .withPropertyValues("loopwire.servers.lines.framing=length-field")
                .run(failsWith("carry no route key", "set loopwire.servers.lines.length-field.type-field.length"));
    }

    @Test
    void whenHandlerNamesNoServerAndSeveralAreConfiguredThenStartupFails() {
        runner.withUserConfiguration(LoopwireServerStartupTests.UnnamedServerConfig.class)
                .withPropertyValues("loopwire.servers.second.host=127.0.0.1")
                .run(failsWith("names no server, but 2 servers are configured [lines, second]"));
    }

    @Test
    void whenWriteBufferLowIsAboveHighThenStartupFailsNamingIt() {
        runner.withPropertyValues("loopwire.servers.lines.write-buffer.low=128KB")
                .run(failsWith("loopwire.servers.lines.write-buffer needs 0 <= low <= high"));
    }

    @Test
    void whenLengthFieldSizeIsInvalidThenStartupFailsNamingIt() {
        runner.withPropertyValues("loopwire.servers.lines.framing=length-field",
                "loopwire.servers.lines.length-field.length=5")
                .run(failsWith("loopwire.servers.lines.length-field.length must be 1, 2, 3, 4 or 8 bytes, was 5"));
    }

    @Test
    void whenPortIsTakenThenStartupFailsNamingTheServerAndPortProperty() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            runner.withPropertyValues("loopwire.servers.lines.port=" + taken.getLocalPort()).run(failsWith(
                    "Loopwire server 'lines' could not listen: server lines could not bind",
                    "set loopwire.servers.lines.port (and host) to an address that is free"));
        }
    }

    @Test
    void whenIoThreadsNegativeThenStartupFailsNamingIt() {
        runner.withPropertyValues("loopwire.io-threads=-1")
                .run(failsWith("loopwire.io-threads must be 0 (one per processor) or more, was -1"));
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void whenDispatchVirtualOnThisOldJvmThenStartupFailsNamingTheDispatch() {
        runner.withPropertyValues("loopwire.servers.lines.dispatch=virtual")
                .run(failsWith("loopwire.servers.lines.dispatch is 'virtual', which needs Java 21 or later"));
    }

    @Test
    void whenDispatchVirtualOnJava17ThenValidatorNamesTheDispatchOnAnyJvm() {
        LoopwireProperties properties = new LoopwireProperties();
        LoopwireServerProperties server = new LoopwireServerProperties();
        server.setDispatch(Dispatch.VIRTUAL);
        properties.getServers().put("lines", server);
        assertThatExceptionOfType(LoopwireConfigurationException.class)
                .isThrownBy(() -> new LoopwirePropertiesValidator(17).validate(properties))
                .withMessageContaining("loopwire.servers.lines.dispatch is 'virtual', which needs Java 21 or later, "
                        + "but this JVM is Java 17; use dispatch 'pool' or run on Java 21+");
        new LoopwirePropertiesValidator(21).validate(properties); // accepted where virtual threads exist
    }

    @Test
    void whenConfigurationIsInvalidThenFailureAnalysisSeparatesDescriptionAndAction() {
        LoopwireConfigurationException failure = new LoopwireConfigurationException("what is wrong", "what to do");
        FailureAnalysis analysis = new LoopwireConfigurationFailureAnalyzer().analyze(new RuntimeException(failure));
        assertThat(analysis.getDescription()).isEqualTo("what is wrong");
        assertThat(analysis.getAction()).isEqualTo("what to do");
    }

    private static ContextConsumer<AssertableApplicationContext> failsWith(String... fragments) {
        return context -> {
            assertThat(context).hasFailed();
            String messages = messages(context.getStartupFailure());
            for (String fragment : fragments) {
                assertThat(messages).contains(fragment);
            }
        };
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return String.join("\n", messages);
    }

    @Configuration(proxyBeanMethods = false)
    static class GhostHandlerConfig {

        @Bean
        GhostHandler ghostHandler() {
            return new GhostHandler();
        }
    }

    static class GhostHandler {

        @MessageHandler(server = "ghost", route = "GET")
        String get(String key) {
            return key;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateRouteConfig {

        @Bean
        DuplicateRoutes duplicateRoutes() {
            return new DuplicateRoutes();
        }
    }

    static class DuplicateRoutes {

        @MessageHandler(server = "lines", route = "GET")
        String first(String key) {
            return key;
        }

        @MessageHandler(server = "lines", route = "get")
        String second(String key) {
            return key;
        }
    }
}
