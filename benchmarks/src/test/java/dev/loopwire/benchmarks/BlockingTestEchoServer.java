package dev.loopwire.benchmarks;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deliberately simple, length-framed, thread-per-connection test peer whose replies are
 * produced by a {@link Behavior}: identity for a correct echo, or a bad one (reordering,
 * corrupting) to prove the load generator's checker catches it.
 */
final class BlockingTestEchoServer implements EchoPeer {

    /** Turns each received payload into the payloads to write now; one instance per connection. */
    interface Behavior {
        List<byte[]> onFrame(byte[] payload);
    }

    private final String name;
    private final java.util.function.Supplier<Behavior> behaviors;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    BlockingTestEchoServer(String name, java.util.function.Supplier<Behavior> behaviors) {
        this.name = name;
        this.behaviors = behaviors;
    }

    /** Correct echo. */
    static BlockingTestEchoServer correct() {
        return new BlockingTestEchoServer("test-correct", () -> List::of);
    }

    /** Holds every odd frame and sends it after the next one: replies swapped in pairs. */
    static BlockingTestEchoServer reordering() {
        return new BlockingTestEchoServer("test-reordering", () -> new Behavior() {
            private byte[] held;

            @Override
            public List<byte[]> onFrame(byte[] payload) {
                if (held == null) {
                    held = payload;
                    return List.of();
                }
                List<byte[]> out = List.of(payload, held);
                held = null;
                return out;
            }
        });
    }

    /** Echoes, but damages the last byte of every third reply. */
    static BlockingTestEchoServer corrupting() {
        return new BlockingTestEchoServer("test-corrupting", () -> new Behavior() {
            private long count;

            @Override
            public List<byte[]> onFrame(byte[] payload) {
                if (++count % 3 == 0) {
                    payload[payload.length - 1] = 'Z';
                }
                return List.of(payload);
            }
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int start(BenchFraming framing, int maxFrameLength) throws IOException {
        if (framing != BenchFraming.LENGTH_FIELD) {
            throw new IllegalArgumentException("test server speaks length framing only");
        }
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> acceptLoop(maxFrameLength), name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private void acceptLoop(int maxFrameLength) {
        try {
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket, maxFrameLength), name + "-conn");
                worker.setDaemon(true);
                worker.start();
            }
        } catch (IOException closed) {
            // server closed
        }
    }

    private void serve(Socket socket, int maxFrameLength) {
        Behavior behavior = behaviors.get();
        try (socket) {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
            while (true) {
                int length = in.readInt();
                if (length < 0 || length > maxFrameLength) {
                    return;
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                for (byte[] reply : new ArrayList<>(behavior.onFrame(payload))) {
                    out.writeInt(reply.length);
                    out.write(reply);
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException eof) {
            // client closed
        } catch (IOException e) {
            // connection reset at the end of a run
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }
}
