package dev.loopwire.transport.proxy;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.connection.TransportLayer;
import dev.loopwire.transport.loop.Timeout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header (v1 or v2) at the start of a connection, before TLS and the frame
 * decoder, then removes itself: the layer after it (TLS, or none) gets the bytes that followed.
 *
 * <p>The header is copied byte by byte into a small buffer (at most {@value ProxyHeaderParser#V1_MAX_LENGTH}
 * bytes for v1, {@link ProxyHeaderParser#V2_MAX_LENGTH} for v2), so nothing is read past it and no
 * buffer is sized from an untrusted length beyond that bound. A trusted peer's header sets the
 * connection's remote address; an untrusted peer's header (mode optional) is consumed and ignored without
 * being parsed (trust is checked first, so nothing in it reaches the address parser).
 * Malformed, oversized or slow (header timeout) headers close the connection, counted by reason. In
 * mode optional, a connection whose first bytes are not a header signature goes on unchanged.
 *
 * <p>Threads: loop thread only.
 */
public final class ProxyProtocolLayer implements TransportLayer {

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolLayer.class);

    private final NioConnection connection;
    private final TransportLayer next;
    private final boolean required;
    private final boolean trusted;
    private final long timeoutNanos;
    private final ProxyProtocolEvents events;

    /** header bytes so far */
    private byte[] header = new byte[ProxyHeaderParser.V1_MAX_LENGTH];
    private int filled;
    /** 0 while the signature is not known, then 1 or 2 */
    private int version;
    /** whether the bytes so far still match the v1 / v2 signature */
    private boolean maybeV1 = true;
    private boolean maybeV2 = true;
    /** v2: the total header length once the fixed part is read */
    private int v2Length;
    private boolean done;
    private Timeout timer;

    /**
     * @param next    the layer after this one (TLS), or null for the frame decoder
     * @param trusted whether the real peer is a trusted proxy
     */
    public ProxyProtocolLayer(NioConnection connection, TransportLayer next, ProxyProtocolMode mode, boolean trusted,
            ProxyProtocolConfig config, ProxyProtocolEvents events) {
        this.connection = connection;
        this.next = next;
        this.required = mode == ProxyProtocolMode.REQUIRED;
        this.trusted = trusted;
        this.timeoutNanos = config.headerTimeout().toNanos();
        this.events = events;
    }

    @Override
    public void start() {
        timer = connection.eventLoop().schedule(this::timedOut, timeoutNanos, TimeUnit.NANOSECONDS);
        if (next != null) {
            next.start();
        }
    }

    @Override
    public void onNetworkBytes(ByteBuffer network) {
        try {
            while (!done && network.hasRemaining()) {
                accept(network.get());
            }
        } catch (ProxyProtocolException e) {
            reject(e.reason(), e.getMessage());
            network.position(network.limit());
            return;
        }
        if (done && network.hasRemaining()) {
            deliver(network);
        }
    }

    private void accept(byte b) throws ProxyProtocolException {
        if (filled == header.length) {
            header = Arrays.copyOf(header, Math.max(v2Length, header.length * 2));
        }
        header[filled++] = b;
        if (version == 0) {
            int at = filled - 1;
            maybeV1 &= at < ProxyHeaderParser.V1_PREFIX.length && ProxyHeaderParser.V1_PREFIX[at] == b;
            maybeV2 &= at < ProxyHeaderParser.V2_SIGNATURE.length && ProxyHeaderParser.V2_SIGNATURE[at] == b;
            if (maybeV1 && filled == ProxyHeaderParser.V1_PREFIX.length) {
                version = 1;
            } else if (maybeV2 && filled == ProxyHeaderParser.V2_SIGNATURE.length) {
                version = 2;
            } else if (!maybeV1 && !maybeV2) {
                notAHeader();
            }
        } else if (version == 1) {
            if (b == '\n' && header[filled - 2] == '\r') {
                complete();
            } else if (filled >= ProxyHeaderParser.V1_MAX_LENGTH) {
                throw new ProxyProtocolException(ProxyRejection.TOO_LONG, "v1 header without CRLF in "
                        + ProxyHeaderParser.V1_MAX_LENGTH + " bytes");
            }
        } else {
            if (filled == ProxyHeaderParser.V2_FIXED_LENGTH) {
                v2Length = ProxyHeaderParser.v2Length(header);
            }
            if (filled >= ProxyHeaderParser.V2_FIXED_LENGTH && filled == v2Length) {
                complete();
            }
        }
    }

    private void notAHeader() throws ProxyProtocolException {
        if (required) {
            throw new ProxyProtocolException(ProxyRejection.MISSING, "the connection did not start with a PROXY header");
        }
        finish();
        deliver(ByteBuffer.wrap(header, 0, filled)); // what looked like a signature belongs to the stream
    }

    /**
     * The header's bytes are all in. An untrusted peer's header (mode optional) is dropped unparsed: its
     * content can change nothing, so none of it is looked at. A trusted proxy's header is parsed and applied.
     */
    private void complete() throws ProxyProtocolException {
        if (!trusted) {
            events.proxyHeaderRejected(ProxyRejection.UNTRUSTED);
            log.debug("Connection {} ({}): PROXY header from an untrusted peer ignored", connection.id(),
                    connection.remoteAddress());
            finish();
            return;
        }
        ProxyHeader parsed = version == 1 ? ProxyHeaderParser.parseV1(header, filled)
                : ProxyHeaderParser.parseV2(header, filled);
        events.proxyHeaderAccepted();
        if (parsed.source() != null) {
            log.debug("Connection {}: proxy {} reports client {}", connection.id(), connection.remoteAddress(),
                    parsed.source());
            connection.setRemoteAddressInLoop(parsed.source());
        }
        finish();
    }

    /** The header is done: hand over to the next layer (or none) for good. */
    private void finish() {
        done = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        connection.replaceTransportLayerInLoop(next);
    }

    private void deliver(ByteBuffer bytes) {
        if (next != null) {
            next.onNetworkBytes(bytes);
        } else {
            connection.decodeInboundInLoop(bytes);
        }
    }

    private void timedOut() {
        timer = null;
        if (done || connection.isClosed()) {
            return;
        }
        if (filled == 0 && !required) {
            finish(); // optional and nothing came yet: plain connection
            return;
        }
        reject(ProxyRejection.TIMEOUT, "no complete PROXY header within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    private void reject(ProxyRejection reason, String message) {
        done = true;
        events.proxyHeaderRejected(reason);
        log.debug("Connection {} ({}): PROXY header refused ({}), closing: {}", connection.id(),
                connection.remoteAddress(), reason.tag(), message);
        connection.closeNowInLoop(CloseReason.ERROR);
    }

    @Override
    public long flush(PlaintextQueue queue, GatheringByteChannel channel, ByteBuffer[] scratch, int maxWrites,
            boolean closing) throws IOException {
        return next != null ? next.flush(queue, channel, scratch, maxWrites, closing)
                : queue.writeTo(channel, scratch, maxWrites);
    }

    @Override
    public boolean wantsWritable(PlaintextQueue queue) {
        return next != null ? next.wantsWritable(queue) : !queue.isEmpty();
    }

    @Override
    public long pendingNetworkBytes() {
        return next != null ? next.pendingNetworkBytes() : 0;
    }

    @Override
    public boolean isDrained(PlaintextQueue queue, boolean closing) {
        return next != null ? next.isDrained(queue, closing) : queue.isEmpty();
    }

    @Override
    public void onInputEnded() {
        // before the header: nothing for the next layer to finish
    }

    @Override
    public void onClosed() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (next != null) {
            next.onClosed();
        }
    }
}
