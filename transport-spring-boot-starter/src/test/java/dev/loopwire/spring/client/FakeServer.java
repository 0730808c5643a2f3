package dev.loopwire.spring.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket server on 127.0.0.1 that misbehaves as a test needs: each accepted connection runs the
 * test's {@link Behavior} on its own thread, given the connection's number (0 for the first). Closed by
 * the test; closing stops the accept thread and closes every connection.
 */
final class FakeServer implements AutoCloseable {

    /** What one connection does. */
    @FunctionalInterface
    interface Behavior {
        void serve(int index, Socket socket) throws IOException;
    }

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    /** connections whose input reached end-of-stream (the client closed them) */
    private final AtomicInteger clientClosed = new AtomicInteger();

    FakeServer(Behavior behavior) throws IOException {
        this(0, behavior);
    }

    FakeServer(int port, Behavior behavior) throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket socket = serverSocket.accept();
                    sockets.add(socket);
                    int index = accepted.getAndIncrement();
                    Thread worker = new Thread(() -> {
                        try {
                            behavior.serve(index, socket);
                        } catch (IOException e) {
                            // the test closed it
                        }
                    }, "fake-server-conn-" + index);
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    int clientClosed() {
        return clientClosed.get();
    }

    /** Reads one line (without its LF), or null at end of stream (counted as closed by the client). */
    String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
        clientClosed.incrementAndGet();
        return null;
    }

    /** Reads until end of stream, then counts the connection as closed by the client. */
    void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        while (in.read(buffer) != -1) {
            // discard
        }
        clientClosed.incrementAndGet();
    }

    static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
