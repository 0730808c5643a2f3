package dev.loopwire.transport.tls;

import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Sorts the JDK's {@link SSLException}s into {@link HandshakeFailure} reasons. Stateless. */
final class TlsFailures {

    private TlsFailures() {
    }

    static HandshakeFailure classify(SSLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return HandshakeFailure.CERTIFICATE;
            }
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("unrecognized ssl message") || message.contains("plaintext")
                || message.contains("unsupported or unrecognized")) {
            return HandshakeFailure.NOT_TLS;
        }
        if (message.contains("certificate") || message.contains("unknown_ca") || message.contains("bad_certificate")
                || message.contains("certification path") || message.contains("pkix")) {
            return HandshakeFailure.CERTIFICATE;
        }
        if (message.contains("protocol") || message.contains("cipher suite") || message.contains("handshake_failure")) {
            return HandshakeFailure.PROTOCOL;
        }
        return HandshakeFailure.OTHER;
    }
}
