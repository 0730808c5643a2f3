package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.transport.tls.TlsConfig;
import java.util.Arrays;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * The parts of TLS settings that servers and clients take alike from a Spring Boot {@link SslBundle}: finding
 * the bundle, and its SSLContext, enabled protocols and ciphers. Internal to the starter: public only so that
 * the client package can use it. Stateless; safe from any thread.
 */
public final class SslBundleTls {

    private SslBundleTls() {
    }

    /**
     * @param property the property that names the bundle, e.g. {@code loopwire.servers.echo.ssl.bundle}
     * @param missingBundleHint what to add when no bundle has that name, e.g. which store it needs
     * @throws LoopwireConfigurationException when there is no SslBundles bean or the bundle is unknown
     */
    public static SslBundle bundle(String property, String bundleName, SslBundles bundles,
            String missingBundleHint) {
        if (bundles == null) {
            throw new LoopwireConfigurationException(property + " is set, but there is no SslBundles bean",
                    "keep Spring Boot's SSL auto-configuration enabled, or declare an SslBundles bean");
        }
        try {
            return bundles.getBundle(bundleName);
        } catch (NoSuchSslBundleException e) {
            throw new LoopwireConfigurationException(property + " names SSL bundle '" + bundleName
                    + "', which is not configured (configured bundles: " + bundles.getBundleNames() + ")",
                    missingBundleHint);
        }
    }

    /** A builder with the bundle's SSLContext and, if the bundle sets them, its protocols and ciphers. */
    public static TlsConfig.Builder builder(SslBundle bundle) {
        TlsConfig.Builder builder = TlsConfig.builder(bundle.createSslContext());
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null && options.getEnabledProtocols().length > 0) {
            builder.protocols(Arrays.asList(options.getEnabledProtocols()));
        }
        if (options.getCiphers() != null) {
            builder.cipherSuites(Arrays.asList(options.getCiphers()));
        }
        return builder;
    }
}
