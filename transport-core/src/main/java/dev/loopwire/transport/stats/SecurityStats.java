package dev.loopwire.transport.stats;

import dev.loopwire.transport.proxy.ProxyProtocolEvents;
import dev.loopwire.transport.proxy.ProxyRejection;
import dev.loopwire.transport.tls.HandshakeFailure;
import dev.loopwire.transport.tls.TlsEvents;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * TLS handshake and PROXY protocol counters of one server, part of its {@link ServerStats}. Written on
 * loop threads with {@link LongAdder}s; every getter is safe from any thread.
 */
public final class SecurityStats implements TlsEvents, ProxyProtocolEvents {

    private final LongAdder handshakes = new LongAdder();
    private final LongAdder handshakeNanos = new LongAdder();
    private final LongAdder[] handshakeFailures = adders(HandshakeFailure.values().length);
    private final LongAdder proxyHeadersAccepted = new LongAdder();
    private final LongAdder[] proxyRejections = adders(ProxyRejection.values().length);
    /** gets each handshake duration (e.g. a Micrometer timer); set once by metrics, null otherwise */
    private volatile LongConsumer handshakeListener;

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    @Override
    public void handshakeSucceeded(long nanos) {
        handshakes.increment();
        handshakeNanos.add(nanos);
        LongConsumer listener = handshakeListener;
        if (listener != null) {
            listener.accept(nanos);
        }
    }

    @Override
    public void handshakeFailed(HandshakeFailure reason) {
        handshakeFailures[reason.ordinal()].increment();
    }

    @Override
    public void proxyHeaderAccepted() {
        proxyHeadersAccepted.increment();
    }

    @Override
    public void proxyHeaderRejected(ProxyRejection reason) {
        proxyRejections[reason.ordinal()].increment();
    }

    /** Sends every handshake duration (nanoseconds, on a loop thread; must be cheap) to {@code listener}. */
    public void onHandshake(LongConsumer listener) {
        this.handshakeListener = listener;
    }

    /** Handshakes completed. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Total time of the completed handshakes, in nanoseconds. */
    public long handshakeNanosTotal() {
        return handshakeNanos.sum();
    }

    /** Handshakes failed (or renegotiations refused) for {@code reason}. */
    public long handshakeFailures(HandshakeFailure reason) {
        return handshakeFailures[reason.ordinal()].sum();
    }

    /** Headers from trusted proxies that were applied. */
    public long proxyHeadersAccepted() {
        return proxyHeadersAccepted.sum();
    }

    /** Headers or connections refused (or, for untrusted peers in mode optional, ignored) for {@code reason}. */
    public long proxyRejections(ProxyRejection reason) {
        return proxyRejections[reason.ordinal()].sum();
    }
}
