package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Feeds a {@link FrameDecoder} byte chunks the way a connection does, in memory, and records what comes out.
 *
 * <p>Like a connection, the harness keeps the unconsumed tail after each call and presents it again, followed
 * by the next chunk, copied into a fresh heap or direct buffer. To catch a decoder that reads outside
 * {@code [position, limit)}, the bytes are placed a few bytes into the buffer with {@code \n}, {@code \r} and
 * {@code 0xFF} guard bytes before and after them. After a recoverable {@link FrameDecodingException} it calls
 * the decoder again on the rest of the input; after a non-recoverable one it is closed and ignores further input.
 *
 * <p>Frames and errors are recorded as one ordered list of {@link Event}s; an {@link Outcome} snapshot compares
 * by value, so tests can check that every way of splitting the same bytes gives the same result. Not
 * thread-safe: one harness per test.
 */
public final class CodecHarness {

    /** Where the harness copies the input before each decode call. */
    public enum BufferKind {
        /** A heap buffer, big-endian (the ByteBuffer default). */
        HEAP(false, ByteOrder.BIG_ENDIAN),
        /** A direct buffer, big-endian (the ByteBuffer default), like a connection's read buffer. */
        DIRECT(true, ByteOrder.BIG_ENDIAN),
        /** A heap buffer set to little-endian order, to prove the decoder does not depend on it. */
        HEAP_LITTLE_ENDIAN(false, ByteOrder.LITTLE_ENDIAN),
        /** A direct buffer set to little-endian order. */
        DIRECT_LITTLE_ENDIAN(true, ByteOrder.LITTLE_ENDIAN);

        /** whether to allocate direct memory */
        private final boolean direct;
        /** the order set on the buffer handed to the decoder */
        private final ByteOrder order;

        BufferKind(boolean direct, ByteOrder order) {
            this.direct = direct;
            this.order = order;
        }
    }

    /** Guard bytes around the input: a decoder that reads them would see delimiters and huge lengths. */
    private static final byte[] GUARD = {'\n', '\r', (byte) 0xFF, '\n', (byte) 0xFF};

    /** A recorded decoder output: a frame or an error. */
    public sealed interface Event permits Frame, DecodeError {
    }

    /**
     * One decoded frame.
     *
     * @param bytes the frame's bytes
     */
    public record Frame(byte[] bytes) implements Event {

        /** The bytes as ISO-8859-1 text, one char per byte. */
        public String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Frame frame && Arrays.equals(bytes, frame.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Frame[" + text().replace("\r", "\\r").replace("\n", "\\n") + "]";
        }
    }

    /**
     * One decoding error.
     *
     * @param error       the error kind
     * @param recoverable whether decoding went on
     * @param message     the exception message
     */
    public record DecodeError(FrameError error, boolean recoverable, String message) implements Event {
    }

    /**
     * What a harness recorded, comparable by value.
     *
     * @param events       frames and errors in the order they came out
     * @param closed       true after a non-recoverable error
     * @param pendingBytes the bytes of a partial frame held for the next chunk, by the harness (the unconsumed
     *                     tail) or by the decoder ({@link FrameDecoder#bufferedBytes()}); 0 once closed
     */
    public record Outcome(List<Event> events, boolean closed, int pendingBytes) {

        /** The frames, in order. */
        public List<byte[]> frames() {
            List<byte[]> frames = new ArrayList<>();
            for (Event event : events) {
                if (event instanceof Frame frame) {
                    frames.add(frame.bytes());
                }
            }
            return frames;
        }

        /** The frames as ISO-8859-1 text, in order. */
        public List<String> texts() {
            List<String> texts = new ArrayList<>();
            for (Event event : events) {
                if (event instanceof Frame frame) {
                    texts.add(frame.text());
                }
            }
            return texts;
        }

        /** The errors, in order. */
        public List<DecodeError> errors() {
            List<DecodeError> errors = new ArrayList<>();
            for (Event event : events) {
                if (event instanceof DecodeError error) {
                    errors.add(error);
                }
            }
            return errors;
        }
    }

    /** the decoder under test */
    private final FrameDecoder decoder;
    /** the kind of buffer each decode call gets */
    private final BufferKind kind;
    /** frames and errors in output order */
    private final List<Event> events = new ArrayList<>();
    /** the unconsumed tail, presented again before the next chunk */
    private byte[] pending = new byte[0];
    /** the largest tail held between calls */
    private int maxPending;
    /** number of decode calls made */
    private int decodeCalls;
    /** true after a non-recoverable error */
    private boolean closed;

    /**
     * @param decoder the decoder to feed; fresh, as for a new connection
     * @param kind    the kind of buffer to copy the input into
     */
    public CodecHarness(FrameDecoder decoder, BufferKind kind) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A harness on {@code framing}'s decoder with heap buffers. */
    public static CodecHarness of(Framing framing) {
        return new CodecHarness(framing.newDecoder(), BufferKind.HEAP);
    }

    /** A harness on {@code framing}'s decoder with the given kind of buffer. */
    public static CodecHarness of(Framing framing, BufferKind kind) {
        return new CodecHarness(framing.newDecoder(), kind);
    }

    /**
     * Feeds one chunk, as one read from the socket: the held tail plus the chunk are decoded together.
     *
     * @return this harness
     */
    public CodecHarness feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /** Feeds {@code text} as ISO-8859-1 bytes in one chunk. */
    public CodecHarness feed(String text) {
        return feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Feeds {@code data[from..to)} as one chunk.
     *
     * @return this harness
     */
    public CodecHarness feed(byte[] data, int from, int to) {
        if (closed) {
            return this;
        }
        int length = pending.length + (to - from);
        int offset = GUARD.length;
        ByteBuffer buffer = kind.direct ? ByteBuffer.allocateDirect(offset + length + GUARD.length)
                : ByteBuffer.allocate(offset + length + GUARD.length);
        buffer.order(kind.order);
        buffer.put(GUARD).put(pending).put(data, from, to - from).put(GUARD);
        buffer.position(offset).limit(offset + length);
        decodeAll(buffer);
        if (!closed) {
            pending = new byte[buffer.remaining()];
            buffer.get(buffer.position(), pending);
            maxPending = Math.max(maxPending, pendingBytes());
        }
        return this;
    }

    /** Calls the decoder until it returns normally or fails for good. */
    private void decodeAll(ByteBuffer buffer) {
        int recoveries = 0;
        while (true) {
            int before = buffer.position();
            try {
                decodeCalls++;
                decoder.decode(buffer, frame -> events.add(new Frame(frame)));
                checkPosition(buffer, before);
                return;
            } catch (FrameDecodingException e) {
                checkPosition(buffer, before);
                events.add(new DecodeError(e.error(), e.recoverable(), e.getMessage()));
                if (!e.recoverable()) {
                    closed = true;
                    pending = new byte[0];
                    return;
                }
                if (++recoveries > buffer.capacity() + 1) {
                    throw new AssertionError("decoder keeps failing without consuming input: " + e.getMessage());
                }
            }
        }
    }

    private static void checkPosition(ByteBuffer buffer, int before) {
        if (buffer.position() < before || buffer.position() > buffer.limit()) {
            throw new AssertionError("decoder moved the position outside [" + before + ", " + buffer.limit()
                    + "]: " + buffer.position());
        }
    }

    /**
     * Feeds {@code data} cut at the given offsets (ascending, each in {@code [0, data.length]}); the pieces
     * between them, including empty ones, are separate chunks.
     *
     * @return this harness
     */
    public CodecHarness feedSplitAt(byte[] data, int... splitPoints) {
        int from = 0;
        for (int split : splitPoints) {
            if (split < from || split > data.length) {
                throw new IllegalArgumentException("split points must ascend within [0, " + data.length + "]: "
                        + Arrays.toString(splitPoints));
            }
            feed(data, from, split);
            from = split;
        }
        return feed(data, from, data.length);
    }

    /** Feeds {@code data} one byte per chunk. */
    public CodecHarness feedByteByByte(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            feed(data, i, i + 1);
        }
        return this;
    }

    /** Feeds {@code data} in chunks of {@code chunkSize} bytes (the last one may be shorter). */
    public CodecHarness feedInChunks(byte[] data, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        for (int i = 0; i < data.length; i += chunkSize) {
            feed(data, i, Math.min(data.length, i + chunkSize));
        }
        return this;
    }

    /**
     * Decodes {@code data} once per possible cut: whole, then split in two at every offset {@code 1..n-1}, then
     * one byte at a time, each with a fresh decoder from {@code decoders}.
     *
     * @return one outcome per way of feeding, the whole-input one first
     */
    public static List<Outcome> everySplit(Supplier<? extends FrameDecoder> decoders, byte[] data, BufferKind kind) {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(new CodecHarness(decoders.get(), kind).feed(data).outcome());
        for (int split = 1; split < data.length; split++) {
            outcomes.add(new CodecHarness(decoders.get(), kind).feedSplitAt(data, split).outcome());
        }
        outcomes.add(new CodecHarness(decoders.get(), kind).feedByteByByte(data).outcome());
        return outcomes;
    }

    /**
     * Decodes {@code data} every way {@link #everySplit} does and checks that all give the same outcome.
     *
     * @return that outcome
     * @throws AssertionError naming the first way of feeding that differs
     */
    public static Outcome sameForEverySplit(Supplier<? extends FrameDecoder> decoders, byte[] data, BufferKind kind) {
        List<Outcome> outcomes = everySplit(decoders, data, kind);
        Outcome whole = outcomes.get(0);
        for (int i = 1; i < outcomes.size(); i++) {
            if (!outcomes.get(i).equals(whole)) {
                String how = i == outcomes.size() - 1 ? "one byte at a time" : "split at " + i;
                throw new AssertionError("fed " + how + ": " + outcomes.get(i) + "\nfed whole: " + whole);
            }
        }
        return whole;
    }

    /** A snapshot of everything recorded so far. */
    public Outcome outcome() {
        return new Outcome(List.copyOf(events), closed, pendingBytes());
    }

    /** The frames decoded so far, in order. */
    public List<byte[]> frames() {
        return outcome().frames();
    }

    /** The frames decoded so far as ISO-8859-1 text. */
    public List<String> texts() {
        return outcome().texts();
    }

    /** The errors reported so far, in order. */
    public List<DecodeError> errors() {
        return outcome().errors();
    }

    /** Frames and errors in output order. */
    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** True after a non-recoverable error: the connection would be closed. */
    public boolean closed() {
        return closed;
    }

    /** The bytes of the partial frame held now for the next call, by the harness or the decoder. */
    public int pendingBytes() {
        return closed ? 0 : pending.length + decoder.bufferedBytes();
    }

    /** The most bytes ever held between two calls. */
    public int maxPendingBytes() {
        return maxPending;
    }

    /** The number of decode calls made, retries after recoverable errors included. */
    public int decodeCalls() {
        return decodeCalls;
    }

    /** The decoder under test. */
    public FrameDecoder decoder() {
        return decoder;
    }
}
