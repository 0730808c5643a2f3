package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.transport.tls.TlsConfig;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS settings of one server, built from its Spring Boot {@link SslBundle}: the bundle's SSLContext,
 * its enabled protocols and ciphers (if it sets any), the server's client-auth and handshake timeout.
 * When the bundle is updated (e.g. {@code reload-on-update} saw new certificate files), the settings
 * are rebuilt and new connections use them; open connections keep theirs.
 *
 * <p>Threads: built on the main thread; {@link #get()} is called on the acceptor thread and the update
 * handler on Spring Boot's file-watcher thread, so the current value sits in an atomic reference.
 */
final class ServerTls implements Supplier<TlsConfig> {

    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final String serverName;
    private final LoopwireServerProperties.Ssl ssl;
    private final AtomicReference<TlsConfig> current = new AtomicReference<>();

    private ServerTls(String serverName, LoopwireServerProperties.Ssl ssl) {
        this.serverName = serverName;
        this.ssl = ssl;
    }

    /**
     * @throws LoopwireConfigurationException when there is no SslBundles bean, the bundle is unknown, or
     *         it has no private key
     */
    static ServerTls create(String serverName, LoopwireServerProperties.Ssl ssl, SslBundles bundles) {
        SslBundle bundle = SslBundleTls.bundle("loopwire.servers." + serverName + ".ssl.bundle", ssl.getBundle(),
                bundles, "add spring.ssl.bundle.pem." + ssl.getBundle() + ".keystore.certificate and .private-key (or "
                        + "spring.ssl.bundle.jks." + ssl.getBundle() + ".keystore.*), or fix the name");
        ServerTls tls = new ServerTls(serverName, ssl);
        tls.current.set(tls.build(bundle));
        bundles.addBundleUpdateHandler(ssl.getBundle(), tls::reload);
        return tls;
    }

    @Override
    public TlsConfig get() {
        return current.get();
    }

    private void reload(SslBundle bundle) {
        try {
            current.set(build(bundle));
            log.info("Server {}: SSL bundle '{}' was updated; new connections use it", serverName, ssl.getBundle());
        } catch (RuntimeException e) {
            log.error("Server {}: SSL bundle '{}' was updated but cannot be used ({}); new connections keep the "
                    + "previous certificate", serverName, ssl.getBundle(), e.getMessage());
        }
    }

    private TlsConfig build(SslBundle bundle) {
        if (!hasPrivateKey(bundle.getStores().getKeyStore())) {
            throw new LoopwireConfigurationException("SSL bundle '" + ssl.getBundle() + "' of loopwire.servers."
                    + serverName + " has no private key, so the server cannot prove who it is",
                    "set spring.ssl.bundle.pem." + ssl.getBundle() + ".keystore.certificate and .private-key "
                            + "(or a jks keystore with a key entry)");
        }
        return SslBundleTls.builder(bundle)
                .clientAuth(ssl.getClientAuth())
                .handshakeTimeout(ssl.getHandshakeTimeout())
                .postHandshakeMessageLimit(ssl.getPostHandshakeLimit().getMessages(),
                        ssl.getPostHandshakeLimit().getWindow())
                .build();
    }

    private static boolean hasPrivateKey(KeyStore store) {
        if (store == null) {
            return false;
        }
        try {
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            return false;
        }
    }
}
