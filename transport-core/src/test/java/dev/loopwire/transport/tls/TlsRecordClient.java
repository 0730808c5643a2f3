package dev.loopwire.transport.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;

/**
 * A blocking TLS client over an {@link SSLEngine} that controls record boundaries: {@link #sendRecords}
 * wraps each chunk into records of its own and writes them all in one socket write, so the server reads
 * several records at once. For tests; one thread.
 */
final class TlsRecordClient implements AutoCloseable {

    private final Socket socket;
    private final SSLEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private ByteBuffer netIn;
    private final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    private boolean closeNotify;

    /**
     * Connects, writes {@code prefix} in clear (a PROXY header, say), then handshakes with {@code protocol}.
     */
    TlsRecordClient(int port, String protocol, byte[] prefix) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        if (prefix.length > 0) {
            out.write(prefix);
        }
        engine = TestCertificates.get().context(null, TestCertificates.SERVER).createSSLEngine("127.0.0.1", port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {protocol});
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
        handshake();
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        ByteBuffer empty = ByteBuffer.allocate(0);
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_WRAP) {
                ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(empty, net);
                out.write(net.array(), 0, net.position());
            } else if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                if (unwrapOnce() == Status.BUFFER_UNDERFLOW && !readMore()) {
                    throw new IOException("the server closed during the handshake");
                }
            } else {
                return;
            }
        }
    }

    /** The negotiated protocol. */
    String protocol() {
        return engine.getSession().getProtocol();
    }

    /** Wraps each chunk into its own record(s) and writes them all at once. */
    void sendRecords(List<byte[]> chunks) throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            ByteBuffer src = ByteBuffer.wrap(chunk);
            while (src.hasRemaining()) {
                ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(src, net);
                records.write(net.array(), 0, net.position());
            }
        }
        out.write(records.toByteArray());
        out.flush();
    }

    /**
     * Reads until the server's close_notify or EOF and returns all plaintext received. A reset or a
     * 10 s silence throws.
     */
    byte[] readUntilClosed() throws IOException {
        while (!closeNotify) {
            Status status = unwrapOnce();
            if (status == Status.CLOSED) {
                break;
            }
            if ((status == Status.BUFFER_UNDERFLOW || netIn.position() == 0) && !readMore()) {
                break;
            }
        }
        return plaintext.toByteArray();
    }

    /** True once the server's close_notify arrived. */
    boolean closeNotifyReceived() {
        return closeNotify;
    }

    private Status unwrapOnce() throws IOException {
        netIn.flip();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, app);
        } finally {
            netIn.compact();
        }
        plaintext.write(app.array(), 0, app.position());
        if (result.getStatus() == Status.CLOSED) {
            closeNotify = true;
        }
        return result.getStatus();
    }

    private boolean readMore() throws IOException {
        if (!netIn.hasRemaining()) {
            ByteBuffer larger = ByteBuffer.allocate(netIn.capacity() * 2);
            netIn.flip();
            larger.put(netIn);
            netIn = larger;
        }
        int n;
        try {
            n = in.read(netIn.array(), netIn.position(), netIn.remaining());
        } catch (SocketTimeoutException timeout) {
            throw new IOException("no answer from the server within 10 s", timeout);
        }
        if (n < 0) {
            return false;
        }
        netIn.position(netIn.position() + n);
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
