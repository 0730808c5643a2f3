package dev.loopwire.transport.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS settings of a server or client, as one immutable value: the {@link SSLContext} (keys and trust),
 * client authentication, protocol versions, optional cipher suites, the handshake timeout and the budget of
 * post-handshake messages a peer may send. Plain
 * JDK types only; the starter builds one from a Spring Boot {@code SslBundle}. Safe from any thread.
 */
public final class TlsConfig {

    /** Protocols enabled unless configured: TLS 1.3 and 1.2 (what the JVM supports of them). */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Handshake timeout unless configured. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Post-handshake messages a peer may send per {@link #DEFAULT_POST_HANDSHAKE_WINDOW} unless configured. */
    public static final int DEFAULT_POST_HANDSHAKE_MESSAGES = 32;
    /** The window of {@link #DEFAULT_POST_HANDSHAKE_MESSAGES}. */
    public static final Duration DEFAULT_POST_HANDSHAKE_WINDOW = Duration.ofMinutes(1);

    private final SSLContext context;
    private final ClientAuth clientAuth;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final Duration handshakeTimeout;
    private final boolean verifyHostname;
    private final int postHandshakeMessages;
    private final Duration postHandshakeWindow;

    private TlsConfig(Builder b) {
        this.context = b.context;
        this.clientAuth = b.clientAuth;
        this.cipherSuites = b.cipherSuites;
        this.handshakeTimeout = b.handshakeTimeout;
        this.verifyHostname = b.verifyHostname;
        this.postHandshakeMessages = b.postHandshakeMessages;
        this.postHandshakeWindow = b.postHandshakeWindow;
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        List<String> enabled = new ArrayList<>();
        for (String protocol : b.protocols) {
            if (supported.contains(protocol)) {
                enabled.add(protocol);
            }
        }
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("none of the TLS protocols " + b.protocols + " is supported by this "
                    + "JVM's SSLContext (supported: " + supported + "); configure TLSv1.3 and/or TLSv1.2");
        }
        this.protocols = List.copyOf(enabled);
    }

    /** A builder over {@code context} (from {@code SSLContext.getInstance("TLS")} initialised with keys/trust). */
    public static Builder builder(SSLContext context) {
        return new Builder(context);
    }

    public SSLContext context() {
        return context;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The protocols enabled on every engine (only those the JVM supports). */
    public List<String> protocols() {
        return protocols;
    }

    /** Cipher suites enabled on every engine, or null for the JVM's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Client side: whether the server certificate must match the host connected to (default true). */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /**
     * How many non-application records (TLS 1.3 KeyUpdates, empty records, alerts) a peer may send after
     * the handshake per {@link #postHandshakeWindow()}, as a token bucket: past it the connection is closed
     * and counted as {@link HandshakeFailure#POST_HANDSHAKE_LIMIT}. Default 32 per minute. It applies to a
     * client as well, where it counts the server's session tickets and key updates.
     */
    public int postHandshakeMessages() {
        return postHandshakeMessages;
    }

    /** The window of {@link #postHandshakeMessages()}. */
    public Duration postHandshakeWindow() {
        return postHandshakeWindow;
    }

    /** A new engine for an accepted connection. Any thread. */
    public SSLEngine newServerEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = parameters(engine);
        switch (clientAuth) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            default -> {
                parameters.setNeedClientAuth(false);
                parameters.setWantClientAuth(false);
            }
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** A new engine for a connection to {@code host:port} (SNI and, if on, hostname verification). Any thread. */
    public SSLEngine newClientEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = parameters(engine);
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private SSLParameters parameters(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        return parameters;
    }

    @Override
    public String toString() {
        return "TlsConfig[" + protocols + ", clientAuth=" + clientAuth + ", handshakeTimeout=" + handshakeTimeout
                + ", postHandshake=" + postHandshakeMessages + "/" + postHandshakeWindow + "]";
    }

    /** Builds a {@link TlsConfig}. Not thread-safe. */
    public static final class Builder {
        private final SSLContext context;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private boolean verifyHostname = true;
        private int postHandshakeMessages = DEFAULT_POST_HANDSHAKE_MESSAGES;
        private Duration postHandshakeWindow = DEFAULT_POST_HANDSHAKE_WINDOW;

        private Builder(SSLContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /** Whether a server asks for client certificates (default {@link ClientAuth#NONE}). */
        public Builder clientAuth(ClientAuth value) {
            this.clientAuth = Objects.requireNonNull(value, "clientAuth");
            return this;
        }

        /** Protocol versions, e.g. {@code TLSv1.3} (default TLSv1.3 and TLSv1.2). */
        public Builder protocols(List<String> value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("TLS protocols must not be empty; use e.g. [TLSv1.3, TLSv1.2]");
            }
            this.protocols = List.copyOf(value);
            return this;
        }

        /** Cipher suites; null or empty (default) keeps the JVM's defaults. */
        public Builder cipherSuites(List<String> value) {
            this.cipherSuites = value == null || value.isEmpty() ? null : List.copyOf(value);
            return this;
        }

        /** How long a handshake may take before the connection is closed (default 10 s; positive). */
        public Builder handshakeTimeout(Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("TLS handshake timeout must be positive, was " + value);
            }
            this.handshakeTimeout = value;
            return this;
        }

        /** Client side: check the server certificate against the host name (default true). */
        public Builder verifyHostname(boolean value) {
            this.verifyHostname = value;
            return this;
        }

        /**
         * At most {@code messages} non-application records (TLS 1.3 KeyUpdates, empty records, alerts) from
         * a peer per {@code window} after the handshake, with bursts up to {@code messages}; one more closes
         * the connection (default 32 per minute). Application data is never limited by this, and a normal
         * client sends such records about once per many gigabytes.
         */
        public Builder postHandshakeMessageLimit(int messages, Duration window) {
            if (messages < 1) {
                throw new IllegalArgumentException("TLS post-handshake message limit must be at least 1, was " + messages);
            }
            if (window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("TLS post-handshake message window must be positive, was " + window);
            }
            this.postHandshakeMessages = messages;
            this.postHandshakeWindow = window;
            return this;
        }

        public TlsConfig build() {
            return new TlsConfig(this);
        }
    }
}
