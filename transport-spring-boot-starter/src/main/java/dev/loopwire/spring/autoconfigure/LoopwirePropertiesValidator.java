package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.proxy.CidrRange;
import dev.loopwire.transport.proxy.ProxyProtocolMode;
import dev.loopwire.transport.tls.ClientAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * Checks {@link LoopwireProperties} before any server is built, so a mistake fails startup with a
 * message naming the property and the fix. The framing rules are the core's ({@link LineFraming},
 * {@link LengthFieldFraming}): the common mistakes are named per property, and whatever else the core
 * refuses is reported here too, by building the framing, so a server build never meets an invalid one.
 * Stateless; called on the main thread.
 */
public final class LoopwirePropertiesValidator {

    private static final String PREFIX = "loopwire.servers.";

    private final int javaVersion;

    /** @param javaVersion the feature version of the running JVM (virtual threads need 21) */
    public LoopwirePropertiesValidator(int javaVersion) {
        this.javaVersion = javaVersion;
    }

    /** A validator for the running JVM. */
    public static LoopwirePropertiesValidator forThisJvm() {
        return new LoopwirePropertiesValidator(Runtime.version().feature());
    }

    /**
     * @throws LoopwireConfigurationException listing every problem found
     */
    public void validate(LoopwireProperties properties) {
        List<String> problems = new ArrayList<>();
        if (properties.getIoThreads() < 0) {
            problems.add("loopwire.io-threads must be 0 (one per processor) or more, was " + properties.getIoThreads());
        }
        if (properties.getBusiness().getThreads() < 1) {
            problems.add("loopwire.business.threads must be at least 1, was " + properties.getBusiness().getThreads());
        }
        if (properties.getBusiness().getMaxPendingFrames() < 1) {
            problems.add("loopwire.business.max-pending-frames must be at least 1, was "
                    + properties.getBusiness().getMaxPendingFrames());
        }
        properties.getServers().forEach((name, server) -> validateServer(PREFIX + name, server, problems));
        checkPorts(properties.getServers(), problems);
        if (!problems.isEmpty()) {
            throw new LoopwireConfigurationException("Invalid Loopwire configuration:\n  - "
                    + String.join("\n  - ", problems), "Fix the loopwire.* properties listed above (a server "
                    + "property that a server does not set comes from loopwire.server-defaults.*)");
        }
    }

    private void validateServer(String p, LoopwireServerProperties server, List<String> problems) {
        if (server.getPort() < 0 || server.getPort() > 65535) {
            problems.add(p + ".port must be between 0 and 65535 (0 picks a free port), was " + server.getPort());
        }
        if (server.getHost() == null || server.getHost().isBlank()) {
            problems.add(p + ".host must not be empty; use 0.0.0.0 for all interfaces");
        }
        if (server.getMaxConnections() < 1) {
            problems.add(p + ".max-connections must be at least 1, was " + server.getMaxConnections());
        }
        if (server.getMaxPendingReplies() < 1) {
            problems.add(p + ".max-pending-replies must be at least 1, was " + server.getMaxPendingReplies());
        }
        Duration idle = server.getIdleTimeout();
        if (idle != null && idle.isNegative()) {
            problems.add(p + ".idle-timeout must be 0 (off) or positive, was " + idle);
        }
        Duration linger = server.getLingerTimeout();
        if (linger == null || linger.isNegative() || linger.compareTo(ConnectionSettings.MAX_LINGER_TIMEOUT) > 0) {
            problems.add(p + ".linger-timeout must be between 0 (close at once) and 1m, was " + linger);
        }
        Duration failureLog = server.getFailureLogInterval();
        if (failureLog == null || failureLog.isZero() || failureLog.isNegative()) {
            problems.add(p + ".failure-log-interval must be positive (e.g. 10s), was " + failureLog);
        }
        long low = bytes(server.getWriteBuffer().getLow());
        long high = bytes(server.getWriteBuffer().getHigh());
        if (high < 1 || high > Integer.MAX_VALUE || low < 0 || low > high) {
            problems.add(p + ".write-buffer needs 0 <= low <= high and high >= 1 byte, was low="
                    + server.getWriteBuffer().getLow() + ", high=" + server.getWriteBuffer().getHigh());
        }
        if (server.getDispatch() == Dispatch.VIRTUAL && javaVersion < 21) {
            problems.add(p + ".dispatch is 'virtual', which needs Java 21 or later, but this JVM is Java "
                    + javaVersion + "; use dispatch 'pool' or run on Java 21+");
        }
        server.getRoutes().forEach((route, settings) -> {
            if (settings != null && settings.getDispatch() == Dispatch.VIRTUAL && javaVersion < 21) {
                problems.add(p + ".routes." + route + ".dispatch is 'virtual', which needs Java 21 or later, but this"
                        + " JVM is Java " + javaVersion + "; use dispatch 'pool' or run on Java 21+");
            }
        });
        validateSsl(p + ".ssl", server.getSsl(), problems);
        validateProxyProtocol(p, server, problems);
        int before = problems.size();
        if (server.getFraming() == FramingType.LINE) {
            validateLine(p + ".line", server.getLine(), problems);
        } else {
            validateLengthField(p + ".length-field", server.getLengthField(), problems);
        }
        if (problems.size() == before && server.getFraming() != null) {
            try {
                Framings.build(server.getFraming(), server.getLine(), server.getLengthField(), server.getOnTooLong());
            } catch (IllegalArgumentException e) { // the core's remaining rules
                problems.add(p + "." + (server.getFraming() == FramingType.LINE ? "line" : "length-field") + ": "
                        + e.getMessage());
            }
        }
    }

    private static void validateSsl(String p, LoopwireServerProperties.Ssl ssl, List<String> problems) {
        Duration timeout = ssl.getHandshakeTimeout();
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            problems.add(p + ".handshake-timeout must be positive, was " + timeout);
        }
        LoopwireServerProperties.PostHandshakeLimit limit = ssl.getPostHandshakeLimit();
        if (limit.getMessages() < 1) {
            problems.add(p + ".post-handshake-limit.messages must be at least 1, was " + limit.getMessages());
        }
        Duration window = limit.getWindow();
        if (window == null || window.isZero() || window.isNegative()) {
            problems.add(p + ".post-handshake-limit.window must be positive (e.g. 1m), was " + window);
        }
        if (!ssl.isEnabled() && ssl.getClientAuth() != null && ssl.getClientAuth() != ClientAuth.NONE) {
            problems.add(p + ".client-auth is " + ssl.getClientAuth().name().toLowerCase()
                    + " but " + p + ".bundle is not set; name the SSL bundle with the server key and client trust store");
        }
        if (ssl.getClientAuth() == null) {
            problems.add(p + ".client-auth must be none, want or need");
        }
    }

    private static void validateProxyProtocol(String p, LoopwireServerProperties server, List<String> problems) {
        if (server.getProxyProtocol() == null) {
            problems.add(p + ".proxy-protocol must be off, optional or required");
            return;
        }
        for (String entry : server.getTrustedProxies()) {
            try {
                CidrRange.parse(entry);
            } catch (IllegalArgumentException e) {
                problems.add(p + ".trusted-proxies: " + e.getMessage());
            }
        }
        if (server.getProxyProtocol() == ProxyProtocolMode.REQUIRED && server.getTrustedProxies().isEmpty()) {
            problems.add(p + ".proxy-protocol is required but " + p + ".trusted-proxies is empty, so every connection"
                    + " would be refused; list your load balancers' addresses or CIDR ranges (e.g. 10.0.0.0/8)");
        }
        Duration timeout = server.getProxyHeaderTimeout();
        if (server.getProxyProtocol() != ProxyProtocolMode.OFF
                && (timeout == null || timeout.isZero() || timeout.isNegative())) {
            problems.add(p + ".proxy-header-timeout must be positive, was " + timeout);
        }
    }

    private static void validateLine(String p, LoopwireServerProperties.Line line, List<String> problems) {
        long max = bytes(line.getMaxLength());
        if (max < 1 || max > LineFraming.MAX_LINE_LENGTH) {
            problems.add(p + ".max-length must be at least 1 byte (and below 2GB), was " + line.getMaxLength());
        }
        if (line.getDelimiter() == null) {
            problems.add(p + ".delimiter must be auto, lf or crlf");
        }
    }

    private static void validateLengthField(String p, LoopwireServerProperties.LengthField field, List<String> problems) {
        int length = field.getLength();
        if (!LengthFieldFraming.isSupportedLengthFieldLength(length)) {
            problems.add(p + ".length must be " + LengthFieldFraming.SUPPORTED_LENGTH_FIELD_LENGTHS + " bytes, was "
                    + length);
        }
        if (field.getOffset() < 0) {
            problems.add(p + ".offset must be 0 or more, was " + field.getOffset());
        }
        long max = bytes(field.getMaxFrameLength());
        long header = (long) field.getOffset() + length;
        if (max <= header || max > Integer.MAX_VALUE) {
            problems.add(p + ".max-frame-length must be larger than the header (offset + length = " + header
                    + " bytes) and below 2GB, was " + field.getMaxFrameLength());
        }
        int typeLength = field.getTypeField().getLength();
        if (typeLength != 0 && typeLength != 1 && typeLength != 2 && typeLength != 4) {
            problems.add(p + ".type-field.length must be 0 (none), 1, 2 or 4 bytes, was " + typeLength);
        }
        if (field.getTypeField().getOffset() < 0) {
            problems.add(p + ".type-field.offset must be 0 or more, was " + field.getTypeField().getOffset());
        }
    }

    private static void checkPorts(Map<String, LoopwireServerProperties> servers, List<String> problems) {
        List<Map.Entry<String, LoopwireServerProperties>> entries = new ArrayList<>(servers.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                LoopwireServerProperties a = entries.get(i).getValue();
                LoopwireServerProperties b = entries.get(j).getValue();
                if (a.getPort() != 0 && a.getPort() == b.getPort() && sameAddress(a.getHost(), b.getHost())) {
                    problems.add(PREFIX + entries.get(i).getKey() + ".port and " + PREFIX + entries.get(j).getKey()
                            + ".port are both " + a.getPort() + "; give each server its own port");
                }
            }
        }
    }

    private static boolean sameAddress(String a, String b) {
        return a == null || b == null || a.equals(b) || isWildcard(a) || isWildcard(b);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    private static long bytes(DataSize size) {
        return size == null ? -1 : size.toBytes();
    }
}
