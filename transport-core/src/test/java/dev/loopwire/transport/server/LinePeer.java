package dev.loopwire.transport.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking line-framed peer on a plain socket, for tests that check byte for byte what the peer receives
 * (no client-side decoder that could hide an interleaved or reordered reply). One thread writes, one reads.
 */
final class LinePeer implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private LinePeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** Connects to 127.0.0.1:{@code port}; {@code receiveBuffer} 0 keeps the kernel's default. */
    static LinePeer connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new LinePeer(socket);
    }

    static LinePeer connect(int port) throws IOException {
        return connect(port, 0);
    }

    /**
     * Connects to 127.0.0.1:{@code port}, writes {@code requests} in one write and reads everything until the
     * server closes (a reset, or 10 s without a byte, fails the test). Test thread only.
     */
    static String exchangeUntilEof(int port, String requests) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[4096];
            for (int n; (n = in.read(chunk)) != -1;) {
                received.write(chunk, 0, n);
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} as it is (callers put the line feeds). */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one line without its line feed, or null at EOF (an EOF inside a line is an error). */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new IOException("EOF inside a line after " + line.size() + " bytes");
        }
        return null;
    }

    /** Ends the peer's output (half-close); it can still read. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset (SO_LINGER 0): the server's next write to this connection fails. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
