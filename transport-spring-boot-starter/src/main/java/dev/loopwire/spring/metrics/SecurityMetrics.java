package dev.loopwire.spring.metrics;

import dev.loopwire.transport.proxy.ProxyProtocolMode;
import dev.loopwire.transport.proxy.ProxyRejection;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.stats.SecurityStats;
import dev.loopwire.transport.tls.HandshakeFailure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS and PROXY protocol meters of one server, read from its {@link SecurityStats}:
 * {@code loopwire.tls.handshake} (timer) {server}, {@code loopwire.tls.handshake.failures} {server,
 * reason=timeout|not-tls|certificate|protocol|peer-closed|renegotiation|post-handshake-limit|other} for TLS servers;
 * {@code loopwire.proxy.headers.accepted} {server} and {@code loopwire.proxy.headers.rejected} {server,
 * reason=malformed|too-long|timeout|untrusted|missing|unknown-family} for servers with PROXY protocol on.
 *
 * <p>Threads: bound on the thread that binds {@link LoopwireMetrics}; the handshake timer is recorded on
 * loop threads (one registry lookup per handshake, never per frame).
 */
final class SecurityMetrics {

    static final String HANDSHAKE_TIMER = "loopwire.tls.handshake";

    private SecurityMetrics() {
    }

    static void bind(MeterRegistry registry, TcpServer server, List<MeterRegistry> registries) {
        Tags tags = Tags.of("server", server.name());
        SecurityStats security = server.stats().security();
        if (server.config().tls() != null) {
            handshakeTimer(registry, tags);
            security.onHandshake(nanos -> {
                for (MeterRegistry each : registries) {
                    handshakeTimer(each, tags).record(nanos, TimeUnit.NANOSECONDS);
                }
            });
            for (HandshakeFailure reason : HandshakeFailure.values()) {
                FunctionCounter.builder("loopwire.tls.handshake.failures", security, s -> s.handshakeFailures(reason))
                        .tags(tags.and("reason", reason.tag())).baseUnit("handshakes")
                        .description("TLS handshakes that failed, renegotiations refused, and connections closed "
                                + "for too many post-handshake messages").register(registry);
            }
        }
        if (server.config().proxyProtocol().mode() != ProxyProtocolMode.OFF) {
            FunctionCounter.builder("loopwire.proxy.headers.accepted", security, SecurityStats::proxyHeadersAccepted)
                    .tags(tags).baseUnit("headers").description("PROXY headers from trusted proxies applied")
                    .register(registry);
            for (ProxyRejection reason : ProxyRejection.values()) {
                FunctionCounter.builder("loopwire.proxy.headers.rejected", security, s -> s.proxyRejections(reason))
                        .tags(tags.and("reason", reason.tag())).baseUnit("connections")
                        .description("Connections refused, or PROXY headers ignored, for a reason").register(registry);
            }
        }
    }

    private static Timer handshakeTimer(MeterRegistry registry, Tags tags) {
        return Timer.builder(HANDSHAKE_TIMER).tags(tags).description("TLS handshake duration").register(registry);
    }
}
