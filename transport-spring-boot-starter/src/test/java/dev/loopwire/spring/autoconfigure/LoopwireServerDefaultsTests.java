package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.handler.OnError;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.codec.LineDelimiter;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Servers inherit from loopwire.server-defaults.* what they do not set themselves. */
class LoopwireServerDefaultsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void whenServerHasNoFramingThenItTakesTheServerDefaultsFramingAndOneWithFramingKeepsItsOwn() {
        run(properties -> {
            assertThat(properties.getServers().get("inherits").getFraming()).isEqualTo(FramingType.LENGTH_FIELD);
            assertThat(properties.getServers().get("own").getFraming()).isEqualTo(FramingType.LINE);
        }, "loopwire.server-defaults.framing=length-field", "loopwire.servers.inherits.port=7001",
                "loopwire.servers.own.port=7002", "loopwire.servers.own.framing=line");
    }

    @Test
    void whenSettingsAreNestedThenTheyMergeKeyByKey() {
        run(properties -> {
            LoopwireServerProperties server = properties.getServers().get("lines");
            assertThat(server.getLine().getMaxLength()).isEqualTo(DataSize.ofKilobytes(1));
            assertThat(server.getLine().getDelimiter()).isEqualTo(LineDelimiter.CRLF);
            assertThat(server.getWriteBuffer().getHigh()).isEqualTo(DataSize.ofKilobytes(64));
        }, "loopwire.server-defaults.line.max-length=1KB", "loopwire.servers.lines.line.delimiter=crlf");
    }

    @Test
    void whenServerSetsTheBuiltInDefaultThenItStillOverridesTheServerDefaults() {
        run(properties -> {
            assertThat(properties.getServers().get("pooled").getDispatch()).isEqualTo(Dispatch.POOL);
            assertThat(properties.getServers().get("inline").getDispatch()).isEqualTo(Dispatch.IO);
        }, "loopwire.server-defaults.dispatch=io", "loopwire.servers.pooled.dispatch=pool",
                "loopwire.servers.inline.port=0");
    }

    @Test
    void whenSettingIsAListThenItIsInheritedWholeOrReplacedWhole() {
        run(properties -> {
            assertThat(properties.getServers().get("inherits").getTrustedProxies()).containsExactly("10.0.0.0/8",
                    "192.168.1.1");
            assertThat(properties.getServers().get("own").getTrustedProxies()).containsExactly("172.16.0.1");
        }, "loopwire.server-defaults.trusted-proxies=10.0.0.0/8,192.168.1.1", "loopwire.servers.inherits.port=0",
                "loopwire.servers.own.trusted-proxies=172.16.0.1");
    }

    @Test
    void whenServerDefaultsSetEveryKindOfSettingThenEachIsInherited() {
        run(properties -> {
            LoopwireServerProperties server = properties.getServers().get("plain");
            assertThat(server.getHost()).isEqualTo("127.0.0.1");
            assertThat(server.getIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(server.getOnError()).isEqualTo(OnError.CLOSE);
            assertThat(server.getMaxPendingReplies()).isEqualTo(7);
            assertThat(server.getLengthField().getTypeField().getLength()).isEqualTo(2);
            assertThat(server.getSsl().getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        }, "loopwire.server-defaults.host=127.0.0.1", "loopwire.server-defaults.idle-timeout=5m",
                "loopwire.server-defaults.on-error=close", "loopwire.server-defaults.max-pending-replies=7",
                "loopwire.server-defaults.length-field.type-field.length=2",
                "loopwire.server-defaults.ssl.handshake-timeout=3s", "loopwire.servers.plain.port=0");
    }

    @Test
    void whenNoServerDefaultsThenServersKeepTheBuiltInDefaultsAndTheirOrder() {
        run(properties -> {
            assertThat(properties.getServers()).containsOnlyKeys("b", "a");
            assertThat(properties.getServers().keySet()).containsExactly("b", "a");
            assertThat(properties.getServers().get("a").getDispatch()).isEqualTo(Dispatch.POOL);
            assertThat(properties.getServers().get("a").getPort()).isEqualTo(7001);
            assertThat(properties.getServers().get("b").getLine().getMaxLength()).isEqualTo(DataSize.ofKilobytes(8));
        }, "loopwire.servers.b.port=7002", "loopwire.servers.a.port=7001");
    }

    @Test
    void whenServerNamesHaveDashesDigitsUnderscoresDotsAndCapitalsThenTheyKeepTheirOwnSettings() {
        run(properties -> {
            assertThat(properties.getServers()).containsOnlyKeys("order-book", "x_1", "lines2", "a.b", "Upper");
            assertThat(properties.getServers().values()).extracting(LoopwireServerProperties::getDispatch)
                    .containsOnly(Dispatch.POOL);
            assertThat(properties.getServers().values()).extracting(LoopwireServerProperties::getPort)
                    .containsExactly(7001, 7002, 7003, 7004, 7005);
            assertThat(properties.getServers().values()).extracting(LoopwireServerProperties::getMaxConnections)
                    .containsOnly(5);
        }, "loopwire.server-defaults.dispatch=io", "loopwire.server-defaults.max-connections=5",
                "loopwire.servers.order-book.port=7001", "loopwire.servers.order-book.dispatch=pool",
                "loopwire.servers.x_1.port=7002", "loopwire.servers.x_1.dispatch=pool",
                "loopwire.servers.lines2.port=7003", "loopwire.servers.lines2.dispatch=pool",
                "loopwire.servers[a.b].port=7004", "loopwire.servers[a.b].dispatch=pool",
                "loopwire.servers.Upper.port=7005", "loopwire.servers.Upper.dispatch=pool");
    }

    @Test
    void whenAnInheritedSettingIsWrongThenStartupFailsNamingTheServerAndPointingAtServerDefaults() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class))
                .withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
                .withPropertyValues(LoopwireAutoConfigurationTests.LINES)
                .withPropertyValues("loopwire.server-defaults.max-connections=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("loopwire.servers.lines.max-connections must be at least 1, was 0");
                });
    }

    private void run(Consumer<LoopwireProperties> check, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasNotFailed();
            check.accept(context.getBean(LoopwireProperties.class));
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LoopwireProperties.class)
    static class PropertiesOnly {
    }
}
