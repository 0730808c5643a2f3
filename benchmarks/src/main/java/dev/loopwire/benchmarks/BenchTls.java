package dev.loopwire.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for {@code --tls} runs: a self-signed EC P-256 certificate made with the JDK's keytool
 * in a temp directory, a server {@link SSLContext} with its key and a client one that trusts it. Every
 * peer and the load generator use the JDK provider and the same protocols (TLS 1.3, then 1.2), so the
 * comparison measures the transports, not the crypto libraries. Immutable once made.
 */
public final class BenchTls {

    /** Protocols every engine enables. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final char[] PASSWORD = "bench-only".toCharArray();

    private final SSLContext server;
    private final SSLContext client;

    private BenchTls(SSLContext server, SSLContext client) {
        this.server = server;
        this.client = client;
    }

    /** Generates the certificate and both contexts (about a second: one keytool run). */
    public static BenchTls generate() throws Exception {
        Path dir = Files.createTempDirectory("loopwire-bench-tls-");
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=loopwire-bench", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        Files.delete(store);
        Files.delete(dir);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bench", keys.getCertificate("bench"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
        return new BenchTls(server, client);
    }

    /** The server context (the certificate's key). */
    public SSLContext serverContext() {
        return server;
    }

    /** A server-mode engine with the benchmark protocols. */
    SSLEngine newServerEngine() {
        SSLEngine engine = server.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }

    /** A client-mode engine for 127.0.0.1 with the benchmark protocols. */
    SSLEngine newClientEngine(int port) {
        SSLEngine engine = client.createSSLEngine("127.0.0.1", port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }
}
