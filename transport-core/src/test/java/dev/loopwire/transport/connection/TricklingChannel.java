package dev.loopwire.transport.connection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel that takes at most {@code perWrite} bytes per write call, as a socket with a small send buffer
 * does, and records the bytes and what kind of write each call was ({@code "plain direct"},
 * {@code "plain heap"}, {@code "gathering N"}). Test thread only.
 */
final class TricklingChannel implements GatheringByteChannel {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> calls = new ArrayList<>();
    private final int perWrite;

    TricklingChannel(int perWrite) {
        this.perWrite = perWrite;
    }

    /** What was written so far, as US-ASCII text. */
    String text() {
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) {
        calls.add("gathering " + length);
        return take(sources, offset, length);
    }

    @Override
    public long write(ByteBuffer[] sources) {
        return write(sources, 0, sources.length);
    }

    @Override
    public int write(ByteBuffer source) {
        calls.add(source.isDirect() ? "plain direct" : "plain heap");
        return (int) take(new ByteBuffer[] {source}, 0, 1);
    }

    private long take(ByteBuffer[] sources, int offset, int length) {
        int budget = perWrite;
        long total = 0;
        for (int i = offset; i < offset + length && budget > 0; i++) {
            while (sources[i].hasRemaining() && budget > 0) {
                bytes.write(sources[i].get());
                budget--;
                total++;
            }
        }
        return total;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
