package dev.loopwire.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One load-generator connection: keeps up to {@code depth} requests outstanding, decodes
 * replies and checks each against the request it answers.
 *
 * <p>Owned by exactly one {@link ClientLoop} thread, which does all its I/O; nothing here is
 * thread-safe.
 *
 * <p>Checking: the reply's sequence number must belong to a request that is outstanding and not
 * yet answered, and its bytes must be exactly that request's payload. A correct reply that is not
 * for the oldest outstanding request counts as a reorder. Anything else is an error; an error
 * reply that cannot be matched consumes the oldest outstanding request so the pipeline keeps
 * moving. A reply with a wrong length or no delimiter in sight is a framing error that closes
 * the connection.
 */
final class LoadConnection {

    private final SocketChannel channel;
    /** TLS over the channel, or null for plaintext */
    private final TlsChannel tls;
    private final BenchFraming framing;
    private final Payloads payloads;
    private final int depth;
    /** bytes written before each payload (lab commands), or null */
    private final RequestPrefix prefix;

    /** Send time (nanoTime) of each outstanding request, by {@code seq % depth}. */
    private final long[] sendTimes;
    /** Whether the request in each slot has been answered, by {@code seq % depth}. */
    private final boolean[] answered;

    /** Sequence number of the next request to send. */
    private long nextSeq;
    /** Oldest request not yet answered; {@code nextSeq - lowest} are outstanding. */
    private long lowest;

    /** Encoded requests not yet written (write mode). */
    private final ByteBuffer out;
    /** Received bytes not yet decoded (write mode); heap so frames can be checked in place. */
    private final ByteBuffer in;

    private SelectionKey key;
    private boolean writeInterest;
    private boolean closed;

    LoadConnection(SocketChannel channel, Scenario scenario) {
        this(channel, null, scenario);
    }

    LoadConnection(SocketChannel channel, TlsChannel tls, Scenario scenario) {
        this(channel, tls, scenario, null);
    }

    /** Same, writing {@code prefix}'s bytes before each payload when it is not null. */
    LoadConnection(SocketChannel channel, TlsChannel tls, Scenario scenario, RequestPrefix prefix) {
        this.channel = channel;
        this.prefix = prefix;
        this.tls = tls;
        this.framing = scenario.framing();
        this.payloads = new Payloads(scenario.payloadSize());
        this.depth = scenario.depth();
        this.sendTimes = new long[depth];
        this.answered = new boolean[depth];
        int frameSize = framing.frameSize(scenario.payloadSize());
        this.out = ByteBuffer.allocateDirect((frameSize + (prefix == null ? 0 : prefix.maxLength())) * depth);
        this.in = ByteBuffer.allocate(frameSize * depth + 4096);
    }

    void register(SelectionKey selectionKey) {
        this.key = selectionKey;
    }

    SocketChannel channel() {
        return channel;
    }

    boolean isClosed() {
        return closed;
    }

    /** Requests sent (or queued) and not answered. */
    int outstanding() {
        return (int) (nextSeq - lowest);
    }

    /** Queues requests until {@code depth} are outstanding. */
    void fillWindow(long now) {
        while (nextSeq - lowest < depth) {
            int slot = slot(nextSeq);
            if (framing == BenchFraming.LENGTH_FIELD) {
                out.putInt(payloads.size());
            }
            if (prefix != null) {
                out.put(prefix.forSequence(nextSeq));
            }
            payloads.write(out, nextSeq);
            if (framing == BenchFraming.LINE) {
                out.put((byte) '\n');
            }
            sendTimes[slot] = now;
            answered[slot] = false;
            nextSeq++;
        }
    }

    /** Writes queued bytes; asks for OP_WRITE while some remain. */
    void flush() throws IOException {
        if (out.position() == 0 && (tls == null || !tls.hasPendingOutput())) {
            return;
        }
        out.flip();
        if (tls == null) {
            channel.write(out);
        } else {
            tls.write(out);
        }
        boolean pending = out.hasRemaining() || tls != null && tls.hasPendingOutput();
        out.compact();
        if (pending != writeInterest) {
            writeInterest = pending;
            key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /**
     * Reads what is available and checks every complete reply.
     *
     * @param inWindow whether correct replies count towards throughput and latency
     * @return {@code false} if the connection must be closed (peer closed it, or bad framing)
     */
    boolean read(long now, boolean inWindow, ClientStats stats) throws IOException {
        int n = tls == null ? channel.read(in) : tls.read(in);
        if (n < 0) {
            stats.error("peer closed the connection with " + outstanding() + " requests outstanding");
            return false;
        }
        in.flip();
        try {
            return framing == BenchFraming.LINE ? decodeLines(now, inWindow, stats) : decodeLengthFields(now, inWindow, stats);
        } finally {
            in.compact();
        }
    }

    private boolean decodeLengthFields(long now, boolean inWindow, ClientStats stats) {
        byte[] bytes = in.array();
        while (in.remaining() >= 4) {
            int start = in.position();
            int length = in.getInt(start);
            if (length != payloads.size()) {
                stats.error("length field " + length + " where " + payloads.size() + " was sent");
                return false;
            }
            if (in.remaining() < 4 + length) {
                break;
            }
            onReply(bytes, start + 4, length, now, inWindow, stats);
            in.position(start + 4 + length);
        }
        return true;
    }

    private boolean decodeLines(long now, boolean inWindow, ClientStats stats) {
        byte[] bytes = in.array();
        int limit = in.limit();
        while (in.hasRemaining()) {
            int start = in.position();
            int end = start;
            while (end < limit && bytes[end] != '\n') {
                end++;
            }
            if (end == limit) {
                if (limit - start > payloads.size()) {
                    stats.error("line longer than the " + payloads.size() + " bytes sent");
                    return false;
                }
                break;
            }
            onReply(bytes, start, end - start, now, inWindow, stats);
            in.position(end + 1);
        }
        return true;
    }

    private void onReply(byte[] bytes, int offset, int length, long now, boolean inWindow, ClientStats stats) {
        long seq = length >= Payloads.MIN_SIZE ? Payloads.parseSequence(bytes, offset) : Payloads.NOT_A_SEQUENCE;
        if (seq >= lowest && seq < nextSeq && !answered[slot(seq)]) {
            if (!payloads.matches(bytes, offset, length, seq)) {
                stats.error("corrupt reply for seq " + seq);
                answer(seq, now, false, stats);
                return;
            }
            if (seq != lowest) {
                stats.reorders++;
            }
            answer(seq, now, inWindow, stats);
            return;
        }
        stats.error("reply with unexpected seq " + (seq == Payloads.NOT_A_SEQUENCE ? "(unreadable)" : seq)
                + ", outstanding [" + lowest + ", " + nextSeq + ")");
        if (nextSeq > lowest) {
            answer(lowest, now, false, stats);
        }
    }

    private void answer(long seq, long now, boolean record, ClientStats stats) {
        int slot = slot(seq);
        answered[slot] = true;
        if (record) {
            stats.recordLatency(now - sendTimes[slot]);
        }
        while (lowest < nextSeq && answered[slot(lowest)]) {
            lowest++;
        }
    }

    private int slot(long seq) {
        return (int) (seq % depth);
    }

    /** Closes the channel; outstanding requests stay counted by {@link #outstanding()}. */
    void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing useful to do
        }
    }
}
