package dev.loopwire.spring.client;

import dev.loopwire.spring.autoconfigure.FramingType;
import dev.loopwire.spring.autoconfigure.LoopwireServerProperties;
import dev.loopwire.spring.handler.PayloadFormat;
import java.time.Duration;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of one client, {@code loopwire.clients.<name>.*}. A plain bean bound by Spring Boot; read on
 * the main thread while the context starts.
 */
public class LoopwireClientProperties {

    /** Host to connect to. */
    private String host = "127.0.0.1";

    /** Port to connect to, 1-65535 (or set server instead). */
    private int port = 0;

    /**
     * Name of a Loopwire server of this application to connect to on 127.0.0.1, at the port it actually
     * listens on (handy with port 0 in tests); replaces host and port.
     */
    private String server;

    /** How the byte stream is cut into frames: line or length-field, as for servers. */
    private FramingType framing = FramingType.LINE;

    /** Line framing settings (framing: line). */
    @NestedConfigurationProperty
    private final LoopwireServerProperties.Line line = new LoopwireServerProperties.Line();

    /** Length-field framing settings (framing: length-field); the type field carries the route. */
    @NestedConfigurationProperty
    private final LoopwireServerProperties.LengthField lengthField = new LoopwireServerProperties.LengthField();

    /** What frames contain: text, json (objects through Jackson) or binary. */
    private PayloadFormat payload = PayloadFormat.TEXT;

    /** Connections kept open to the server; each request goes to the one with the fewest in flight. */
    private int connections = 1;

    /** Requests sent on one connection and not yet answered (pipelining); 1 means one at a time. */
    private int maxInFlightPerConnection = 64;

    /**
     * How long a request waits for room when every connection has max-in-flight-per-connection requests
     * in flight, before it fails with TooManyRequestsException.
     */
    private Duration maxInFlightWait = Duration.ofSeconds(1);

    /** How long one connection attempt may take; also how long a request waits while no connection is open (when-disconnected: wait). */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /**
     * How long a request may wait for its reply; then it fails with RequestTimeoutException and its
     * connection is closed and made again (replies are matched by order, which the lost reply breaks).
     */
    private Duration requestTimeout = Duration.ofSeconds(10);

    /** What a request does while no connection is open: fail at once, or wait up to connect-timeout for one. */
    private WhenDisconnected whenDisconnected = WhenDisconnected.WAIT;

    /** Close connections with nothing in flight and no traffic for this long (opened again when needed); 0 disables. */
    private Duration idleTimeout = Duration.ZERO;

    /** Back-off between attempts to connect while the server cannot be reached. */
    private final Reconnect reconnect = new Reconnect();

    /** TLS to the server, from a Spring Boot SSL bundle (spring.ssl.bundle.*). */
    private final Ssl ssl = new Ssl();

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = server;
    }

    public FramingType getFraming() {
        return framing;
    }

    public void setFraming(FramingType framing) {
        this.framing = framing;
    }

    public LoopwireServerProperties.Line getLine() {
        return line;
    }

    public LoopwireServerProperties.LengthField getLengthField() {
        return lengthField;
    }

    public PayloadFormat getPayload() {
        return payload;
    }

    public void setPayload(PayloadFormat payload) {
        this.payload = payload;
    }

    public int getConnections() {
        return connections;
    }

    public void setConnections(int connections) {
        this.connections = connections;
    }

    public int getMaxInFlightPerConnection() {
        return maxInFlightPerConnection;
    }

    public void setMaxInFlightPerConnection(int maxInFlightPerConnection) {
        this.maxInFlightPerConnection = maxInFlightPerConnection;
    }

    public Duration getMaxInFlightWait() {
        return maxInFlightWait;
    }

    public void setMaxInFlightWait(Duration maxInFlightWait) {
        this.maxInFlightWait = maxInFlightWait;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public WhenDisconnected getWhenDisconnected() {
        return whenDisconnected;
    }

    public void setWhenDisconnected(WhenDisconnected whenDisconnected) {
        this.whenDisconnected = whenDisconnected;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Reconnect getReconnect() {
        return reconnect;
    }

    public Ssl getSsl() {
        return ssl;
    }

    /** What a request does while the client has no open connection. */
    public enum WhenDisconnected {

        /** Fail at once with ClientConnectException. */
        FAIL,

        /** Wait up to connect-timeout for a connection, then fail with ClientConnectException. */
        WAIT
    }

    /** Reconnect back-off ({@code loopwire.clients.<name>.reconnect.*}). */
    public static class Reconnect {

        /** Delay before the first retry after a failed attempt; doubled after each further failure. */
        private Duration initialBackoff = Duration.ofMillis(100);

        /** Longest delay between attempts. */
        private Duration maxBackoff = Duration.ofSeconds(10);

        /** Random spread of each delay, 0 to 1: 0.2 means up to 20% shorter or longer. */
        private double jitter = 0.2;

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }
    }

    /** TLS ({@code loopwire.clients.<name>.ssl.*}). */
    public static class Ssl {

        /**
         * Name of the SSL bundle whose trust store checks the server's certificate (and whose key store,
         * if any, is the client certificate); empty = plaintext.
         */
        private String bundle;

        /** Whether to check that the server's certificate names the host connected to. */
        private boolean verifyHostname = true;

        /** How long a TLS handshake may take before the connection is closed. */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        /** True when a bundle is named. */
        public boolean isEnabled() {
            return bundle != null && !bundle.isBlank();
        }
    }
}
