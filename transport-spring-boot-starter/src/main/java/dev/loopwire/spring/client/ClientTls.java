package dev.loopwire.spring.client;

import dev.loopwire.spring.autoconfigure.SslBundleTls;
import dev.loopwire.transport.tls.TlsConfig;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

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
        SslBundle bundle = SslBundleTls.bundle("loopwire.clients." + name + ".ssl.bundle", ssl.getBundle(), bundles,
                "add spring.ssl.bundle.pem." + ssl.getBundle() + ".truststore.certificate (the CA that signed "
                        + "the server's certificate), or fix the name");
        return SslBundleTls.builder(bundle)
                .verifyHostname(ssl.isVerifyHostname())
                .handshakeTimeout(ssl.getHandshakeTimeout())
                .build();
    }
}
