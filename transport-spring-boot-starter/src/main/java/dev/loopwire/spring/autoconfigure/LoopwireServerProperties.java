package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.handler.OnError;
import dev.loopwire.spring.handler.PayloadFormat;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.SlowConsumerPolicy;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.TooLongFrameAction;
import dev.loopwire.transport.proxy.ProxyProtocolMode;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.tls.ClientAuth;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one server, {@code loopwire.servers.<name>.*}. A plain bean bound by Spring Boot; read on
 * the main thread while the context starts.
 */
public class LoopwireServerProperties {

    /** Port to listen on, 0-65535; 0 picks a free port, published as local.loopwire.<name>.port. */
    private int port = 0;

    /** Address to bind; 0.0.0.0 listens on all interfaces. */
    private String host = "0.0.0.0";

    /** How the byte stream is cut into frames: line or length-field. */
    private FramingType framing = FramingType.LINE;

    /** Line framing settings (framing: line). */
    private final Line line = new Line();

    /** Length-field framing settings (framing: length-field). */
    private final LengthField lengthField = new LengthField();

    /** What frames contain: text (String arguments), json (POJOs through Jackson) or binary. */
    private PayloadFormat payload = PayloadFormat.TEXT;

    /** Which thread runs handlers: io (the I/O loop; never block), pool (business pool) or virtual (Java 21+). */
    private Dispatch dispatch = Dispatch.POOL;

    /**
     * Per-route settings by route key (a line server's first word, e.g. PING, or a type-field value, e.g. 7):
     * routes.<route>.dispatch runs that route on io, pool or virtual instead of the server's dispatch,
     * overriding @MessageHandler(dispatch). A route the server does not have fails startup.
     */
    private final Map<String, Route> routes = new LinkedHashMap<>();

    /** Connections admitted at once; more are refused at accept. */
    private int maxConnections = 10_000;

    /** Close connections idle (no frame in, no write out) for this long; 0 disables. */
    private Duration idleTimeout = Duration.ZERO;

    /**
     * How long a closing connection, once its replies are written and its output shut down, reads and discards
     * the peer's input while waiting for the peer to close (a lingering close, so the peer reads the last reply
     * instead of a reset); 0 closes at once, at most 1m.
     */
    private Duration lingerTimeout = Duration.ofSeconds(2); // ConnectionSettings.DEFAULT_LINGER_TIMEOUT

    /**
     * Whether a business thread (pool or virtual dispatch) that made replies for a plaintext connection may
     * write them to the socket itself, with one non-blocking write when nobody else writes, instead of handing
     * them to the I/O loop. TLS and io dispatch always write on the loop.
     */
    private boolean directWrite = true;

    /**
     * Shortest time between two warnings of one group of handler failures (same exception type and route);
     * each later warning carries the count of failures since the previous one.
     */
    private Duration failureLogInterval = Duration.ofSeconds(10); // FailureLog.DEFAULT_INTERVAL

    /**
     * Replies one connection may have waiting in order behind an asynchronous reply that has not completed;
     * at this many the connection stops reading, and it reads again once half are written.
     */
    private int maxPendingReplies = TcpServerConfig.DEFAULT_MAX_PENDING_REPLIES;

    /** Outbound buffer watermarks per connection: reading pauses above high and resumes below low. */
    private final WriteBuffer writeBuffer = new WriteBuffer();

    /** What to do on an unknown route, an unreadable payload, a handler exception or a bad frame: reply or close. */
    private OnError onError = OnError.REPLY;

    /**
     * Error reply template, "%s" standing for the error message. Empty means the default for the payload:
     * "-ERR %s" for text and binary, {"error":"%s"} for json (the message JSON-escaped).
     */
    private String errorReply = "";

    /** What to do with a frame longer than its maximum: close the connection, or discard it and go on. */
    private TooLongFrameAction onTooLong = TooLongFrameAction.CLOSE;

    /** TLS for this server, from a Spring Boot SSL bundle (spring.ssl.bundle.*). */
    private final Ssl ssl = new Ssl();

    /**
     * HAProxy PROXY protocol (v1 and v2): off, optional (a header may come first) or required (every
     * connection must start with one, and only trusted proxies may connect).
     */
    private ProxyProtocolMode proxyProtocol = ProxyProtocolMode.OFF;

    /** Addresses or CIDR ranges (e.g. 10.0.0.0/8) of the proxies allowed to set the client address. */
    private List<String> trustedProxies = new ArrayList<>();

    /** How long a connection may take to send its PROXY header before it is closed. */
    private Duration proxyHeaderTimeout = Duration.ofSeconds(5);

    /**
     * What a broadcast does with a slow consumer (a connection whose outbound backlog is over write-buffer.high):
     * skip it for that message (counted) or close it (counted and logged).
     */
    private SlowConsumerPolicy slowConsumer = SlowConsumerPolicy.SKIP;

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public FramingType getFraming() {
        return framing;
    }

    public void setFraming(FramingType framing) {
        this.framing = framing;
    }

    public Line getLine() {
        return line;
    }

    public LengthField getLengthField() {
        return lengthField;
    }

    public PayloadFormat getPayload() {
        return payload;
    }

    public void setPayload(PayloadFormat payload) {
        this.payload = payload;
    }

    public Map<String, Route> getRoutes() {
        return routes;
    }

    public Dispatch getDispatch() {
        return dispatch;
    }

    public void setDispatch(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getLingerTimeout() {
        return lingerTimeout;
    }

    public void setLingerTimeout(Duration lingerTimeout) {
        this.lingerTimeout = lingerTimeout;
    }

    public boolean isDirectWrite() {
        return directWrite;
    }

    public void setDirectWrite(boolean directWrite) {
        this.directWrite = directWrite;
    }

    public Duration getFailureLogInterval() {
        return failureLogInterval;
    }

    public void setFailureLogInterval(Duration failureLogInterval) {
        this.failureLogInterval = failureLogInterval;
    }

    public int getMaxPendingReplies() {
        return maxPendingReplies;
    }

    public void setMaxPendingReplies(int maxPendingReplies) {
        this.maxPendingReplies = maxPendingReplies;
    }

    public WriteBuffer getWriteBuffer() {
        return writeBuffer;
    }

    public OnError getOnError() {
        return onError;
    }

    public void setOnError(OnError onError) {
        this.onError = onError;
    }

    public String getErrorReply() {
        return errorReply;
    }

    public void setErrorReply(String errorReply) {
        this.errorReply = errorReply;
    }

    public TooLongFrameAction getOnTooLong() {
        return onTooLong;
    }

    public void setOnTooLong(TooLongFrameAction onTooLong) {
        this.onTooLong = onTooLong;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public ProxyProtocolMode getProxyProtocol() {
        return proxyProtocol;
    }

    public void setProxyProtocol(ProxyProtocolMode proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public Duration getProxyHeaderTimeout() {
        return proxyHeaderTimeout;
    }

    public void setProxyHeaderTimeout(Duration proxyHeaderTimeout) {
        this.proxyHeaderTimeout = proxyHeaderTimeout;
    }

    public SlowConsumerPolicy getSlowConsumer() {
        return slowConsumer;
    }

    public void setSlowConsumer(SlowConsumerPolicy slowConsumer) {
        this.slowConsumer = slowConsumer;
    }

    /** Settings of one route ({@code loopwire.servers.<name>.routes.<route>.*}). */
    public static class Route {

        /**
         * Which thread runs this route: io (the I/O loop; never block), pool or virtual (Java 21+). Unset: the
         * route's own @MessageHandler(dispatch), else the server's dispatch. A connection's replies still
         * leave in request order.
         */
        private Dispatch dispatch;

        public Dispatch getDispatch() {
            return dispatch;
        }

        public void setDispatch(Dispatch dispatch) {
            this.dispatch = dispatch;
        }
    }

    /** TLS ({@code loopwire.servers.<name>.ssl.*}). */
    public static class Ssl {

        /** Name of the SSL bundle (spring.ssl.bundle.pem.<bundle> or jks.<bundle>) with the server's key; empty = plaintext. */
        private String bundle = "";

        /** Whether clients must present a certificate the bundle's trust store trusts: none, want or need. */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /** How long a TLS handshake may take before the connection is closed. */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /** Limit on TLS post-handshake messages (key updates, empty records, alerts) a client may send. */
        private final PostHandshakeLimit postHandshakeLimit = new PostHandshakeLimit();

        public PostHandshakeLimit getPostHandshakeLimit() {
            return postHandshakeLimit;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
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

    /** TLS post-handshake message limit ({@code loopwire.servers.<name>.ssl.post-handshake-limit.*}). */
    public static class PostHandshakeLimit {

        /**
         * Post-handshake messages a client may send per window, with bursts up to this many; one more closes
         * the connection. Application data is never limited by this.
         */
        private int messages = 32; // TlsConfig.DEFAULT_POST_HANDSHAKE_MESSAGES

        /** The window of the post-handshake message limit. */
        private Duration window = Duration.ofMinutes(1); // TlsConfig.DEFAULT_POST_HANDSHAKE_WINDOW

        public int getMessages() {
            return messages;
        }

        public void setMessages(int messages) {
            this.messages = messages;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }
    }

    /** Line framing ({@code loopwire.servers.<name>.line.*}). */
    public static class Line {

        /** Line ending: auto (LF or CRLF, replies end in LF), lf, or crlf. */
        private LineDelimiter delimiter = LineDelimiter.AUTO;

        /** Longest line accepted, delimiter not counted. */
        private DataSize maxLength = DataSize.ofKilobytes(8);

        /** Charset of text payloads and replies; decoding is strict (invalid input is an error). */
        private Charset charset = StandardCharsets.UTF_8;

        public LineDelimiter getDelimiter() {
            return delimiter;
        }

        public void setDelimiter(LineDelimiter delimiter) {
            this.delimiter = delimiter;
        }

        public DataSize getMaxLength() {
            return maxLength;
        }

        public void setMaxLength(DataSize maxLength) {
            this.maxLength = maxLength;
        }

        public Charset getCharset() {
            return charset;
        }

        public void setCharset(Charset charset) {
            this.charset = charset;
        }
    }

    /** Length-field framing ({@code loopwire.servers.<name>.length-field.*}). */
    public static class LengthField {

        /** Size of the length field in bytes: 1, 2, 3, 4 or 8. */
        private int length = 4;

        /** Bytes before the length field. */
        private int offset = 0;

        /** Added to the length field's value to get the number of bytes after the field (e.g. -4 when it counts itself). */
        private int adjustment = 0;

        /** Whether to strip the header (offset + length bytes) from decoded frames. */
        private boolean strip = true;

        /** Byte order of the length field and type field. */
        private FieldByteOrder byteOrder = FieldByteOrder.BIG_ENDIAN;

        /** Largest frame accepted, header included. */
        private DataSize maxFrameLength = DataSize.ofMegabytes(1);

        /** An optional type field at the start of each decoded frame, used as the route key. */
        private final TypeField typeField = new TypeField();

        public int getLength() {
            return length;
        }

        public void setLength(int length) {
            this.length = length;
        }

        public int getOffset() {
            return offset;
        }

        public void setOffset(int offset) {
            this.offset = offset;
        }

        public int getAdjustment() {
            return adjustment;
        }

        public void setAdjustment(int adjustment) {
            this.adjustment = adjustment;
        }

        public boolean isStrip() {
            return strip;
        }

        public void setStrip(boolean strip) {
            this.strip = strip;
        }

        public FieldByteOrder getByteOrder() {
            return byteOrder;
        }

        public void setByteOrder(FieldByteOrder byteOrder) {
            this.byteOrder = byteOrder;
        }

        public DataSize getMaxFrameLength() {
            return maxFrameLength;
        }

        public void setMaxFrameLength(DataSize maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        public TypeField getTypeField() {
            return typeField;
        }
    }

    /** The route key of length-field frames ({@code ...length-field.type-field.*}). */
    public static class TypeField {

        /** Size of the type field in bytes: 0 (no type field, no routing), 1, 2 or 4. */
        private int length = 0;

        /** Position of the type field in the decoded frame (after the header is stripped). */
        private int offset = 0;

        public int getLength() {
            return length;
        }

        public void setLength(int length) {
            this.length = length;
        }

        public int getOffset() {
            return offset;
        }

        public void setOffset(int offset) {
            this.offset = offset;
        }
    }

    /** Outbound watermarks ({@code loopwire.servers.<name>.write-buffer.*}). */
    public static class WriteBuffer {

        /** Queued outbound bytes below which a paused connection reads again. */
        private DataSize low = DataSize.ofKilobytes(32);

        /** Queued outbound bytes above which the connection stops reading. */
        private DataSize high = DataSize.ofKilobytes(64);

        public DataSize getLow() {
            return low;
        }

        public void setLow(DataSize low) {
            this.low = low;
        }

        public DataSize getHigh() {
            return high;
        }

        public void setHigh(DataSize high) {
            this.high = high;
        }
    }
}
