package dev.loopwire.transport.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PROXY protocol settings of a server: the mode, the trusted proxies (addresses or CIDR ranges), and
 * how long a connection may take to send its header. Immutable; safe from any thread.
 */
public final class ProxyProtocolConfig {

    /** Header timeout unless configured. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    /** PROXY protocol off. */
    public static final ProxyProtocolConfig OFF = new ProxyProtocolConfig(ProxyProtocolMode.OFF, List.of(),
            DEFAULT_HEADER_TIMEOUT);

    private final ProxyProtocolMode mode;
    private final List<CidrRange> trustedProxies;
    private final Duration headerTimeout;

    private ProxyProtocolConfig(ProxyProtocolMode mode, List<CidrRange> trustedProxies, Duration headerTimeout) {
        this.mode = mode;
        this.trustedProxies = trustedProxies;
        this.headerTimeout = headerTimeout;
    }

    /**
     * @param trustedProxies addresses or CIDR ranges of the proxies allowed to set the client address
     * @throws IllegalArgumentException for a bad range, a non-positive timeout, or mode required without
     *         trusted proxies (nobody could connect)
     */
    public static ProxyProtocolConfig of(ProxyProtocolMode mode, List<String> trustedProxies, Duration headerTimeout) {
        Objects.requireNonNull(mode, "mode");
        List<CidrRange> ranges = new ArrayList<>();
        for (String entry : trustedProxies == null ? List.<String>of() : trustedProxies) {
            ranges.add(CidrRange.parse(entry));
        }
        if (mode == ProxyProtocolMode.REQUIRED && ranges.isEmpty()) {
            throw new IllegalArgumentException("PROXY protocol is required but no trusted proxies are configured, so "
                    + "every connection would be refused; list your load balancers' addresses or CIDR ranges");
        }
        if (headerTimeout == null || headerTimeout.isZero() || headerTimeout.isNegative()) {
            throw new IllegalArgumentException("PROXY header timeout must be positive, was " + headerTimeout);
        }
        return new ProxyProtocolConfig(mode, List.copyOf(ranges), headerTimeout);
    }

    public ProxyProtocolMode mode() {
        return mode;
    }

    public List<CidrRange> trustedProxies() {
        return trustedProxies;
    }

    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** True when {@code peer} may set the client address. */
    public boolean isTrusted(InetAddress peer) {
        for (CidrRange range : trustedProxies) {
            if (range.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ProxyProtocolConfig[" + mode + ", trusted=" + trustedProxies + ", headerTimeout=" + headerTimeout + "]";
    }
}
