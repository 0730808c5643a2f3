package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.handler.FrameHandlerRegistration;
import dev.loopwire.spring.metrics.LoopwireMetrics;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.tls.TestCertificates;
import dev.loopwire.transport.tls.TlsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/** loopwire.servers.*.ssl.* (PEM bundles made at runtime) and loopwire.servers.*.proxy-protocol. */
class LoopwireTlsAndProxyTests {

    private static final TestCertificates CERTS = TestCertificates.get();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, LoopwireAutoConfiguration.class))
            .withPropertyValues("loopwire.io-threads=1", "loopwire.business.threads=2",
                    "loopwire.servers.secure.host=127.0.0.1", "loopwire.servers.secure.port=0")
            .withBean(FrameHandlerRegistration.class, () -> new FrameHandlerRegistration("secure",
                    (connection, frame) -> Reply.of((new String(frame, StandardCharsets.UTF_8) + " from "
                            + connection.remoteAddress().getAddress().getHostAddress())
                            .getBytes(StandardCharsets.UTF_8))));

    private static String[] pemBundle(Path certificate, Path key, Path trust) {
        return new String[] {"spring.ssl.bundle.pem.srv.keystore.certificate=file:" + certificate,
                "spring.ssl.bundle.pem.srv.keystore.private-key=file:" + key,
                "spring.ssl.bundle.pem.srv.truststore.certificate=file:" + trust,
                "loopwire.servers.secure.ssl.bundle=srv"};
    }

    private static String[] serverBundle() {
        return pemBundle(CERTS.certificatePem(TestCertificates.SERVER), CERTS.privateKeyPem(TestCertificates.SERVER),
                CERTS.certificatePem(TestCertificates.CLIENT));
    }

    @Test
    void whenPostHandshakeLimitIsSetThenTheServersTlsConfigCarriesIt() {
        runner.withPropertyValues(serverBundle()).withPropertyValues(
                "loopwire.servers.secure.ssl.post-handshake-limit.messages=5",
                "loopwire.servers.secure.ssl.post-handshake-limit.window=30s").run(context -> {
                    TlsConfig tls = LoopwireAutoConfigurationTests.server(context.getBean(LoopwireServers.class),
                            "secure").config().tls().get();
                    assertThat(tls.postHandshakeMessages()).isEqualTo(5);
                    assertThat(tls.postHandshakeWindow()).isEqualTo(java.time.Duration.ofSeconds(30));
                });
        runner.withPropertyValues(serverBundle()).run(context -> {
            TlsConfig tls = LoopwireAutoConfigurationTests.server(context.getBean(LoopwireServers.class), "secure")
                    .config().tls().get();
            assertThat(tls.postHandshakeMessages()).isEqualTo(TlsConfig.DEFAULT_POST_HANDSHAKE_MESSAGES);
            assertThat(tls.postHandshakeWindow()).isEqualTo(TlsConfig.DEFAULT_POST_HANDSHAKE_WINDOW);
        });
    }

    @Test
    void whenSslBundleIsSetThenServerSpeaksTlsAndHandshakeMetersMove() {
        runner.withPropertyValues(serverBundle()).run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            new LoopwireMetrics(context.getBean(LoopwireServers.class)).bindTo(registry);
            try (TcpClient client = TcpClient.create(1, LineFraming.defaults(), CERTS.client(null).build())) {
                ClientConnection connection = client.connect("127.0.0.1", port(context));
                assertThat(connection.request(bytes("hello")).get(10, TimeUnit.SECONDS)).asString()
                        .isEqualTo("hello from 127.0.0.1");
                assertThat(connection.handshake().get().getPeerPrincipal().getName()).contains("loopwire-test-server");
            }
            try (Socket plaintext = new Socket("127.0.0.1", port(context))) {
                plaintext.setSoTimeout(10_000);
                plaintext.getOutputStream().write(bytes("plaintext\n"));
                while (plaintext.getInputStream().read() >= 0) {
                    // an alert at most, then the end of the stream
                }
            }
            assertThat(registry.get("loopwire.tls.handshake").tag("server", "secure").timer().count()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("loopwire.tls.handshake.failures")
                    .tags("server", "secure", "reason", "not-tls").functionCounter().count() == 1);
        });
    }

    @Test
    void whenClientAuthIsNeedThenOnlyTrustedClientCertificatesGetIn() {
        runner.withPropertyValues(serverBundle()).withPropertyValues("loopwire.servers.secure.ssl.client-auth=need")
                .run(context -> {
                    int port = port(context);
                    assertThat(echo(port, CERTS.client(TestCertificates.CLIENT).build())).isEqualTo("hi from 127.0.0.1");
                    assertThatThrownBy(() -> echo(port, CERTS.client(null).build()))
                            .isInstanceOf(ExecutionException.class);
                    assertThatThrownBy(() -> echo(port, CERTS.client(TestCertificates.ROGUE).build()))
                            .isInstanceOf(ExecutionException.class);
                });
    }

    @Test
    void whenBundleFilesChangeThenNewConnectionsGetTheNewCertificate(@TempDir Path dir) throws Exception {
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.copy(CERTS.certificatePem(TestCertificates.SERVER), certificate);
        Files.copy(CERTS.privateKeyPem(TestCertificates.SERVER), key);
        runner.withPropertyValues(pemBundle(certificate, key, CERTS.certificatePem(TestCertificates.CLIENT)))
                .withPropertyValues("spring.ssl.bundle.pem.srv.reload-on-update=true",
                        "spring.ssl.bundle.watch.file.quiet-period=100ms")
                .run(context -> {
                    try (TcpClient client = TcpClient.create(1, LineFraming.defaults(), CERTS.client(null).build())) {
                        ClientConnection before = client.connect("127.0.0.1", port(context));
                        assertThat(peer(before)).contains("loopwire-test-server").doesNotContain("server2");

                        Files.copy(CERTS.certificatePem(TestCertificates.SERVER2), certificate,
                                StandardCopyOption.REPLACE_EXISTING);
                        Files.copy(CERTS.privateKeyPem(TestCertificates.SERVER2), key, StandardCopyOption.REPLACE_EXISTING);

                        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                            ClientConnection fresh = client.connect("127.0.0.1", port(context));
                            try {
                                return peer(fresh).contains("loopwire-test-server2");
                            } finally {
                                fresh.closeGracefully();
                            }
                        });
                        assertThat(before.request(bytes("still")).get(10, TimeUnit.SECONDS)).asString()
                                .isEqualTo("still from 127.0.0.1"); // open connections keep their session
                    }
                });
    }

    @Test
    void whenBundleIsUnknownThenStartupFailsNamingIt() {
        runner.withPropertyValues("loopwire.servers.secure.ssl.bundle=nope").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("loopwire.servers.secure.ssl.bundle",
                    "'nope'", "spring.ssl.bundle.pem.nope.keystore.certificate");
        });
    }

    @Test
    void whenBundleHasNoKeyThenStartupFails() {
        runner.withPropertyValues("spring.ssl.bundle.pem.trustonly.truststore.certificate=file:"
                + CERTS.certificatePem(TestCertificates.CLIENT), "loopwire.servers.secure.ssl.bundle=trustonly")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("'trustonly'", "has no private key",
                            "spring.ssl.bundle.pem.trustonly.keystore.certificate");
                });
    }

    @Test
    void whenClientAuthWithoutBundleOrProxyRequiredWithoutTrustedProxiesThenStartupFails() {
        runner.withPropertyValues("loopwire.servers.secure.ssl.client-auth=need",
                "loopwire.servers.secure.proxy-protocol=required", "loopwire.servers.secure.trusted-proxies=lb.example.com")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains(
                            "loopwire.servers.secure.ssl.client-auth is need but loopwire.servers.secure.ssl.bundle is not set",
                            "loopwire.servers.secure.trusted-proxies: 'lb.example.com' is not an IP address");
                });
        runner.withPropertyValues("loopwire.servers.secure.proxy-protocol=required").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(
                    "loopwire.servers.secure.proxy-protocol is required but loopwire.servers.secure.trusted-proxies is empty");
        });
    }

    @Test
    void whenProxyProtocolFromTrustedProxyThenHandlersSeeTheClientAddress() {
        runner.withPropertyValues("loopwire.servers.secure.proxy-protocol=required",
                "loopwire.servers.secure.trusted-proxies=127.0.0.0/8,10.0.0.0/8").run(context -> {
                    MeterRegistry registry = new SimpleMeterRegistry();
                    new LoopwireMetrics(context.getBean(LoopwireServers.class)).bindTo(registry);
                    try (Socket socket = new Socket("127.0.0.1", port(context))) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(bytes("PROXY TCP4 198.51.100.20 10.0.0.1 40000 7000\r\nhi\n"));
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.US_ASCII));
                        assertThat(in.readLine()).isEqualTo("hi from 198.51.100.20");
                    }
                    try (Socket socket = new Socket("127.0.0.1", port(context))) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(bytes("PROXY TCP4 not-an-address 10.0.0.1 1 2\r\n"));
                        assertThat(socket.getInputStream().read()).isEqualTo(-1);
                    } catch (java.net.SocketException reset) {
                        // closed with a reset: closed as well
                    }
                    assertThat(registry.get("loopwire.proxy.headers.accepted").tag("server", "secure")
                            .functionCounter().count()).isEqualTo(1);
                    await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("loopwire.proxy.headers.rejected")
                            .tags("server", "secure", "reason", "malformed").functionCounter().count() == 1);
                });
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.loopwire.secure.port", Integer.class);
    }

    private static String echo(int port, TlsConfig tls) throws Exception {
        try (TcpClient client = TcpClient.create(1, LineFraming.defaults(), tls)) {
            return new String(client.connect("127.0.0.1", port).request(bytes("hi")).get(10, TimeUnit.SECONDS),
                    StandardCharsets.UTF_8);
        }
    }

    private static String peer(ClientConnection connection) throws Exception {
        return connection.handshake().get(10, TimeUnit.SECONDS).getPeerPrincipal().getName();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
