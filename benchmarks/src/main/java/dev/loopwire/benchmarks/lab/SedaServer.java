package dev.loopwire.benchmarks.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Lab-only model, never product code: a <b>SEDA</b> pipeline (staged event-driven architecture). One
 * reactor thread accepts and reads; then three stages, each with its own pool and bounded queues
 * ({@link SedaStage}):
 * <ol>
 *   <li><b>decode</b> (keyed by connection): cuts the bytes read into lines, parses each
 *       ({@link LabRequest#decode}) and numbers it within its connection;</li>
 *   <li><b>handle</b> (unkeyed, {@code workers} threads): runs the handler cost; requests of one
 *       connection may run in parallel and finish out of order;</li>
 *   <li><b>encode</b> (keyed by connection): frames each reply and writes, in request order: a reply that
 *       finishes early waits in the connection's reorder map until the ones before it are written.</li>
 * </ol>
 * Full queues block the stage before them, down to the reactor, which then stops reading.
 *
 * <p>Threads and ownership: a connection's decode state belongs to its decode thread, its reorder state
 * and writes to its encode thread (a keyed stage always runs one key on one thread); the reactor only
 * reads. Writes park briefly when the socket buffer is full (see
 * {@link LeaderFollowerServer#writeFully}).
 */
public final class SedaServer implements LabServer {

    private final SedaStage decode;
    private final SedaStage handle;
    private final SedaStage encode;
    private Selector selector;
    private ServerSocketChannel listener;
    private Thread reactor;
    private volatile boolean closed;
    private long nextConnectionId;

    /**
     * @param codecThreads threads of the decode and of the encode stage each
     * @param workers      threads of the handle stage
     * @param capacity     bound of every stage queue
     */
    public SedaServer(int codecThreads, int workers, int capacity) {
        this.decode = new SedaStage("decode", codecThreads, capacity, true);
        this.handle = new SedaStage("handle", workers, capacity, false);
        this.encode = new SedaStage("encode", codecThreads, capacity, true);
    }

    /** The stages, decode, handle, encode (tests check their bounds). */
    SedaStage[] stages() {
        return new SedaStage[] {decode, handle, encode};
    }

    @Override
    public int start() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        decode.start();
        handle.start();
        encode.start();
        reactor = new Thread(this::react, "seda-reactor");
        reactor.setDaemon(true);
        reactor.start();
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** The reactor thread: accept and read; every read's bytes go to the connection's decode thread. */
    private void react() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (!closed) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.channel() == listener) {
                        accept();
                        continue;
                    }
                    Conn conn = (Conn) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = conn.channel.read(buffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        conn.close();
                        continue;
                    }
                    byte[] chunk = Arrays.copyOf(buffer.array(), n);
                    decode.submit(conn.id, () -> conn.decode(chunk));
                }
                selector.selectedKeys().clear();
            }
        } catch (InterruptedException | java.nio.channels.ClosedSelectorException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("seda reactor failed: " + e);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Conn(nextConnectionId++, channel));
        }
    }

    /** One connection: decode state (its decode thread), reorder state and writes (its encode thread). */
    private final class Conn {

        final long id;
        final SocketChannel channel;
        /** bytes of an unfinished line; decode thread only */
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream(128);
        /** sequence number of the next decoded request; decode thread only */
        private long nextSeq;
        /** replies handled but not yet written, by sequence number; encode thread only */
        private final Map<Long, byte[]> done = new HashMap<>();
        /** sequence number of the next reply to write; encode thread only */
        private long nextToWrite;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

        Conn(long id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        /** Decode stage: lines out of {@code chunk}, each to the handle stage with its sequence number. */
        void decode(byte[] chunk) throws InterruptedException {
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                LabRequest request;
                if (partial.size() == 0) {
                    request = LabRequest.decode(chunk, start, i - start);
                } else {
                    partial.write(chunk, start, i - start);
                    request = LabRequest.decode(partial.toByteArray());
                    partial.reset();
                }
                start = i + 1;
                long seq = nextSeq++;
                handle.submit(seq, () -> {
                    // a request of a connection that is already gone is not worth its cost (a cancelled call)
                    byte[] reply = channel.isOpen() ? request.perform() : request.reply();
                    encode.submit(id, () -> encode(seq, reply));
                });
            }
            partial.write(chunk, start, chunk.length - start);
            if (partial.size() > LabRequest.MAX_LINE) {
                close(); // not the lab protocol
            }
        }

        /** Encode stage: frames the reply and writes every reply that is now next in order. */
        void encode(long seq, byte[] reply) throws IOException {
            done.put(seq, reply);
            byte[] next;
            while ((next = done.remove(nextToWrite)) != null) {
                out.write(next);
                out.write('\n');
                nextToWrite++;
            }
            if (out.size() > 0 && channel.isOpen()) {
                try {
                    LeaderFollowerServer.writeFully(channel, ByteBuffer.wrap(out.toByteArray()));
                } catch (IOException e) {
                    close();
                }
            }
            out.reset();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing useful to do
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (selector == null) {
            return;
        }
        reactor.interrupt();
        selector.wakeup();
        try {
            reactor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        decode.close();
        handle.close();
        encode.close();
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | java.nio.channels.ClosedSelectorException ignored) {
            // closing: nothing useful to do
        }
    }
}
