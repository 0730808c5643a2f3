package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.transport.tls.TlsConfig;
import java.util.Arrays;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * The TLS settings of one client from its Spring Boot {@link SslBundle}: the bundle's trust store checks
 * the server's certificate (the JDK's default trust when the bundle has none), its key store, if any,
 * is the client certificate, and the host name is checked unless {@code ssl.verify-hostname=false}.
 * Built on the main thread.
 */
final class ClientTls {

    private ClientTls() {
    }

    static TlsConfig create(String name, LoopwireClientProperties.Ssl ssl, SslBundles bundles) {
        String property = "loopwire.clients." + name + ".ssl.bundle";
        if (bundles == null) {
            throw new LoopwireConfigurationException(property + " is set, but there is no SslBundles bean",
                    "keep Spring Boot's SSL auto-configuration enabled, or declare an SslBundles bean");
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(ssl.getBundle());
        } catch (NoSuchSslBundleException e) {
            throw new LoopwireConfigurationException(property + " names SSL bundle '" + ssl.getBundle()
                    + "', which is not configured (configured bundles: " + bundles.getBundleNames() + ")",
                    "add spring.ssl.bundle.pem." + ssl.getBundle() + ".truststore.certificate (the CA that signed "
                            + "the server's certificate), or fix the name");
        }
        TlsConfig.Builder builder = TlsConfig.builder(bundle.createSslContext())
                .verifyHostname(ssl.isVerifyHostname())
                .handshakeTimeout(ssl.getHandshakeTimeout());
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null && options.getEnabledProtocols().length > 0) {
            builder.protocols(Arrays.asList(options.getEnabledProtocols()));
        }
        if (options.getCiphers() != null) {
            builder.cipherSuites(Arrays.asList(options.getCiphers()));
        }
        return builder.build();
    }
}
