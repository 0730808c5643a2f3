package dev.loopwire.benchmarks.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A blocking test client of the lab protocol: writes lines, reads reply lines (10 s read timeout). */
final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Writes all lines in one write (a pipeline). */
    void send(List<String> lines) throws IOException {
        out.write(join(lines));
        out.flush();
    }

    /** Writes all lines one byte per write: every possible split of the input. */
    void sendByteByByte(List<String> lines) throws IOException {
        for (byte b : join(lines)) {
            out.write(b);
            out.flush();
        }
    }

    /** Reads {@code count} reply lines (without '\n'). */
    List<String> read(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (lines.size() < count) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("server closed after " + lines.size() + " of " + count + " replies: " + lines);
            }
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.US_ASCII));
                line.reset();
            } else {
                line.write(b);
            }
        }
        return lines;
    }

    /** Whether reply bytes are waiting unread. */
    boolean hasUnreadReply() throws IOException {
        return in.available() > 0;
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
