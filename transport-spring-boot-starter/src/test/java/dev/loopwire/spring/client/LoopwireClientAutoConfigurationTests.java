package dev.loopwire.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.spring.client.badroute.RoutedJsonExchange;
import dev.loopwire.spring.client.unknown.UnknownClientExchange;
import dev.loopwire.spring.handler.FrameHandlerRegistration;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client auto-configuration: beans per name, back-off, validation, exchange scanning, TLS. */
class LoopwireClientAutoConfigurationTests {

    private static final TestCertificates CERTS = TestCertificates.get();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, LoopwireAutoConfiguration.class,
                    LoopwireClientAutoConfiguration.class))
            .withPropertyValues("loopwire.io-threads=1", "loopwire.business.threads=2");

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void whenNoClientIsConfiguredThenTheRegistryIsEmptyAndNoClientLoopStarts() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LoopwireClients.class).clients()).isEmpty();
            assertThat(context.getBean(ClientThreads.class).loopsStarted()).isFalse();
        });
    }

    @Test
    void whenClientsAreConfiguredThenEachIsABeanQualifiedByItsName() {
        runner.withPropertyValues("loopwire.clients.kv.port=7000", "loopwire.clients.orders.port=7001",
                "loopwire.clients.orders.framing=length-field", "loopwire.clients.orders.payload=json").run(context -> {
                    Map<String, LoopwireClient> beans = context.getBeansOfType(LoopwireClient.class);
                    assertThat(beans).containsOnlyKeys("loopwireClient.kv", "loopwireClient.orders");
                    assertThat(beans.get("loopwireClient.kv").name()).isEqualTo("kv");
                    assertThat(beans.get("loopwireClient.orders").address()).isEqualTo("127.0.0.1:7001");
                    assertThat(beans.get("loopwireClient.orders").description()).contains("payload json");
                    assertThat(context.getBean(LoopwireClients.class).client("kv")).containsSame(
                            beans.get("loopwireClient.kv"));
                });
    }

    @Test
    void whenTheApplicationDefinesItsOwnRegistryThenTheAutoConfigurationBacksOff() {
        LoopwireClients own = new LoopwireClients(Map.of());
        runner.withBean(LoopwireClients.class, () -> own)
                .run(context -> assertThat(context.getBean(LoopwireClients.class)).isSameAs(own));
    }

    @Test
    void whenLoopwireIsDisabledThenNoClientBeansExist() {
        runner.withPropertyValues("loopwire.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LoopwireClients.class));
    }

    @Test
    void whenThePortIsMissingThenStartupFailsNamingTheProperty() {
        runner.withPropertyValues("loopwire.clients.kv.host=kv.internal").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("loopwire.clients.kv.port is 0")
                    .hasMessageContaining("loopwire.clients.kv.server");
        });
    }

    @Test
    void whenABackoffIsInvalidThenStartupFailsNamingTheProperty() {
        runner.withPropertyValues("loopwire.clients.kv.port=7000", "loopwire.clients.kv.reconnect.initial-backoff=5s",
                "loopwire.clients.kv.reconnect.max-backoff=1s").run(context -> assertThat(
                        rootCause(context.getStartupFailure())).hasMessageContaining(
                                "loopwire.clients.kv.reconnect.max-backoff"));
    }

    @Test
    void whenAnExchangeRouteCannotBeCarriedThenStartupFailsNamingTheMethod() {
        runner.withInitializer(context -> AutoConfigurationPackages.register(
                (BeanDefinitionRegistry) context.getBeanFactory(), RoutedJsonExchange.class.getPackageName()))
                .withPropertyValues("loopwire.clients.plain.port=7000", "loopwire.clients.plain.framing=length-field")
                .run(context -> {
                    assertThat(context).getFailure().isNotNull();
                    assertThat(rootCause(context.getStartupFailure()))
                            .hasMessageContaining(RoutedJsonExchange.class.getName() + ".call")
                            .hasMessageContaining("type-field");
                });
    }

    @Test
    void whenAnExchangeNamesAnUnknownClientThenStartupFailsNamingIt() {
        runner.withInitializer(context -> AutoConfigurationPackages.register(
                (BeanDefinitionRegistry) context.getBeanFactory(), UnknownClientExchange.class.getPackageName()))
                .withPropertyValues("loopwire.clients.kv.port=7000")
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .hasMessageContaining("client 'missing'").hasMessageContaining("configured clients: [kv]"));
    }

    private ApplicationContextRunner tlsServer() {
        return runner.withPropertyValues(
                "spring.ssl.bundle.pem.srv.keystore.certificate=file:" + CERTS.certificatePem(TestCertificates.SERVER),
                "spring.ssl.bundle.pem.srv.keystore.private-key=file:" + CERTS.privateKeyPem(TestCertificates.SERVER),
                "loopwire.servers.secure.host=127.0.0.1", "loopwire.servers.secure.port=0",
                "loopwire.servers.secure.ssl.bundle=srv",
                "loopwire.clients.secure.server=secure", "loopwire.clients.secure.ssl.bundle=trust",
                "loopwire.clients.secure.connect-timeout=2s",
                "loopwire.clients.secure.when-disconnected=fail")
                .withBean(FrameHandlerRegistration.class, () -> new FrameHandlerRegistration("secure",
                        (connection, frame) -> Reply.of(("+" + new String(frame, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void whenTheClientTrustsTheServersCertificateThenRequestsGoOverTls() {
        tlsServer().withPropertyValues("spring.ssl.bundle.pem.trust.truststore.certificate=file:"
                + CERTS.certificatePem(TestCertificates.SERVER)).run(context -> {
                    LoopwireClient client = context.getBean(LoopwireClients.class).required("secure", "test");
                    assertThat(client.request("hello").get(10, TimeUnit.SECONDS)).isEqualTo("+hello");
                    assertThat(client.description()).contains("TLS");
                });
    }

    @Test
    void whenTheServersCertificateIsNotTrustedThenTheClientCannotConnect() {
        tlsServer().withPropertyValues("spring.ssl.bundle.pem.trust.truststore.certificate=file:"
                + CERTS.certificatePem(TestCertificates.ROGUE)).run(context -> {
                    LoopwireClient client = context.getBean(LoopwireClients.class).required("secure", "test");
                    Throwable failure = client.request("hello").handle((reply, error) -> error).get(10, TimeUnit.SECONDS);
                    assertThat(failure).isInstanceOf(ClientConnectException.class)
                            .hasMessageContaining("'secure'").hasMessageContaining("TLS handshake failed");
                });
    }
}
