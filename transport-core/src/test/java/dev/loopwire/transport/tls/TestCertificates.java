package dev.loopwire.transport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed EC test certificates made at runtime with the JDK's keytool (once per JVM, in a temp
 * directory): {@code server} and {@code server2} (SAN 127.0.0.1 and localhost), a {@code client} that the
 * servers trust, and a {@code rogue} client they do not. Also written as PEM files for Spring Boot's
 * PEM SSL bundles. For tests in this and other modules.
 */
public final class TestCertificates {

    public static final String SERVER = "server";
    public static final String SERVER2 = "server2";
    public static final String CLIENT = "client";
    public static final String ROGUE = "rogue";
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static TestCertificates instance;

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** The certificates, generated on first use. */
    public static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("loopwire-tls-");
                dir.toFile().deleteOnExit();
                TestCertificates certs = new TestCertificates(dir);
                for (String name : List.of(SERVER, SERVER2, CLIENT, ROGUE)) {
                    certs.generate(name);
                    certs.writePem(name);
                }
                instance = certs;
            } catch (Exception e) {
                throw new IllegalStateException("could not generate test certificates with keytool", e);
            }
        }
        return instance;
    }

    private void generate(String name) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=loopwire-test-" + name, "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStorePath(name).toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed for " + name + ": " + output);
        }
    }

    private Path keyStorePath(String name) {
        return directory.resolve(name + ".p12");
    }

    /** The PKCS12 key store holding {@code name}'s key and certificate. */
    public KeyStore keyStore(String name) {
        try (InputStream in = Files.newInputStream(keyStorePath(name))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Certificate certificate(String name) {
        try {
            return keyStore(name).getCertificate(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM file of {@code name}'s certificate. */
    public Path certificatePem(String name) {
        return directory.resolve(name + ".crt");
    }

    /** PEM file of {@code name}'s private key (PKCS#8, unencrypted). */
    public Path privateKeyPem(String name) {
        return directory.resolve(name + ".key");
    }

    /** A PEM file holding the certificates of {@code names}, for a trust store. */
    public Path trustPem(String... names) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (String name : names) {
            pem.append(Files.readString(certificatePem(name)));
        }
        Path file = directory.resolve("trust-" + String.join("-", names) + ".crt");
        Files.writeString(file, pem);
        return file;
    }

    private void writePem(String name) throws Exception {
        KeyStore store = keyStore(name);
        Files.writeString(certificatePem(name), pem("CERTIFICATE", store.getCertificate(name).getEncoded()));
        Files.writeString(privateKeyPem(name), pem("PRIVATE KEY", store.getKey(name, PASSWORD).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * An SSLContext with {@code keyName}'s key (null for none) that trusts the certificates of
     * {@code trusted}.
     */
    public SSLContext context(String keyName, String... trusted) {
        try {
            KeyManagerFactory keys = null;
            if (keyName != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(keyName), PASSWORD);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<String> names = new ArrayList<>(List.of(trusted));
            for (String name : names) {
                trust.setCertificateEntry(name, certificate(name));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server-side settings: the {@code server} key, trusting {@code client}, with {@code clientAuth}. */
    public TlsConfig.Builder server(ClientAuth clientAuth) {
        return TlsConfig.builder(context(SERVER, CLIENT)).clientAuth(clientAuth);
    }

    /** Client-side settings: {@code keyName}'s key (or none), trusting both servers. */
    public TlsConfig.Builder client(String keyName) {
        return TlsConfig.builder(context(keyName, SERVER, SERVER2));
    }
}
