package dev.loopwire.transport.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A TLS client over a plain {@link SocketChannel} with its own {@link SSLEngine}, for attacks a normal
 * client would not make: after the handshake it can send TLS 1.3 KeyUpdate(update_requested) records
 * back to back without ever reading (the JDK, 17 and 25, makes one on the next wrap after
 * {@code beginHandshake()} on an established TLS 1.3 engine). Test thread only.
 */
final class HandRolledTlsClient implements AutoCloseable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private ByteBuffer netIn;

    private HandRolledTlsClient(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /** Connects to 127.0.0.1:{@code port} and completes the handshake (blocking). */
    static HandRolledTlsClient connect(int port, TlsConfig config) throws IOException {
        return connect(port, config, 0);
    }

    /**
     * The same, with the socket's send and receive buffers set to {@code socketBufferBytes} before it
     * connects (0: the system's), so the kernel absorbs little of what either side does not read.
     */
    static HandRolledTlsClient connect(int port, TlsConfig config, int socketBufferBytes) throws IOException {
        SocketChannel channel = SocketChannel.open();
        if (socketBufferBytes > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, socketBufferBytes);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, socketBufferBytes);
        }
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        HandRolledTlsClient client = new HandRolledTlsClient(channel, config.newClientEngine("127.0.0.1", port));
        client.handshake();
        return client;
    }

    String protocol() {
        return engine.getSession().getProtocol();
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP -> {
                    out.clear();
                    engine.wrap(EMPTY, out);
                    writeFully(out.flip());
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    netIn.flip();
                    SSLEngineResult result = engine.unwrap(netIn, app);
                    netIn.compact();
                    app.clear();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(netIn) < 0) {
                        throw new SSLException("the server closed the connection during the handshake");
                    }
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return; // FINISHED or NOT_HANDSHAKING
                }
            }
        }
        throw new SSLException("handshake not done within 10 s");
    }

    /**
     * Makes {@code updates} KeyUpdate(update_requested) records back to back, without sending them, so the
     * flood itself costs the attacker no crypto while it is measured.
     */
    KeyUpdates makeKeyUpdates(int updates) throws IOException {
        int room = engine.getSession().getPacketBufferSize(); // what a wrap wants free in its output
        ByteBuffer records = ByteBuffer.allocate(updates * 64 + room);
        int[] ends = new int[updates];
        for (int i = 0; i < updates; i++) {
            if (records.remaining() < room) {
                records = ByteBuffer.allocate(records.capacity() * 2).put(records.flip());
            }
            engine.beginHandshake(); // established TLS 1.3: the next wrap is a KeyUpdate(update_requested)
            SSLEngineResult result = engine.wrap(EMPTY, records);
            if (result.bytesProduced() == 0) {
                throw new IllegalStateException("the engine made no KeyUpdate record: " + result);
            }
            ends[i] = records.position();
        }
        return new KeyUpdates(records.flip(), ends);
    }

    /** KeyUpdate records, and where each ends in {@link #bytes}. */
    record KeyUpdates(ByteBuffer bytes, int[] ends) {
    }

    /**
     * Sends {@code updates} in writes of 16 KiB and never reads. Stops early when the server has taken no
     * byte for {@code stallMillis} (it stopped reading) or closed the connection. Returns the number of
     * updates the socket took in full.
     */
    int flood(KeyUpdates updates, long stallMillis) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer bytes = updates.bytes().duplicate();
        while (bytes.hasRemaining()) {
            ByteBuffer chunk = bytes.duplicate();
            chunk.limit(Math.min(bytes.limit(), bytes.position() + 16 * 1024));
            boolean taken = writeWithin(chunk, stallMillis);
            bytes.position(chunk.position());
            if (!taken) {
                break;
            }
        }
        int sent = 0;
        while (sent < updates.ends().length && updates.ends()[sent] <= bytes.position()) {
            sent++;
        }
        return sent;
    }

    private boolean writeWithin(ByteBuffer bytes, long stallMillis) throws IOException {
        long lastProgress = System.nanoTime();
        while (bytes.hasRemaining()) {
            int n;
            try {
                n = channel.write(bytes);
            } catch (IOException closed) {
                return false;
            }
            if (n > 0) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
                return false;
            } else {
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        return true;
    }

    /**
     * Reads raw bytes until the server closes (end of stream or reset) or {@code timeoutMillis} pass; returns
     * true if it closed.
     */
    boolean awaitServerClose(long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            sink.clear();
            int n;
            try {
                n = channel.read(sink);
            } catch (IOException reset) {
                return true;
            }
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
