package dev.loopwire.benchmarks.lab;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lab-only model, never product code: <b>thread per connection</b> (Apache prefork/worker, CGI). A blocking
 * {@link ServerSocket} on an acceptor thread, one platform thread per accepted connection that reads a
 * line, runs the handler and writes the reply, so replies leave in request order by construction.
 * Pipelined replies are buffered and flushed when the connection has no further request waiting in its
 * input buffer, so a depth-16 burst costs one write, not sixteen.
 *
 * <p>Threads: the acceptor plus one per open connection (the thread count is the point of this model).
 * {@link #start()} and {@link #close()} are called by the controlling thread; everything about one
 * connection is touched by that connection's thread only.
 */
public final class ThreadPerConnectionServer implements LabServer {

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    private Thread acceptor;
    private volatile boolean closed;

    @Override
    public int start() throws IOException {
        listener = new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::acceptLoop, "tpc-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        int count = 0;
        while (!closed) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                Thread thread = new Thread(() -> serve(socket), "tpc-conn-" + count++);
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("thread-per-connection: accept failed, continuing: " + e);
                }
            }
        }
    }

    /** Runs on the connection's own thread until the peer closes or the server stops. */
    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() >= LabRequest.MAX_LINE) {
                        return; // a line this long is not the lab protocol: drop the connection
                    }
                    line.write(b);
                    continue;
                }
                LabRequest request = LabRequest.decode(line.toByteArray());
                line.reset();
                out.write(request.perform());
                out.write('\n');
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the peer went away or the server is closing: the connection is done either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // closing: nothing useful to do
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing useful to do
            }
        }
        if (acceptor != null) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
