package dev.loopwire.transport.hardening;

import static dev.loopwire.transport.hardening.Hardening.ERROR_REPLIES;
import static dev.loopwire.transport.hardening.Hardening.allocatedBytesOfThreads;
import static dev.loopwire.transport.hardening.Hardening.bytes;
import static dev.loopwire.transport.hardening.Hardening.readUntilClosed;
import static dev.loopwire.transport.hardening.Hardening.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import dev.loopwire.transport.server.ServerFixture;
import dev.loopwire.transport.server.TcpServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over real sockets: over-long lines with and without a delimiter ever arriving, and corrupt
 * length headers. Each ends in an error reply (and a close where the stream cannot be resynchronised),
 * is counted under its reason, never makes the server buffer or allocate past the limit (measured with
 * the loop thread's allocation counter), and leaves another client served.
 */
class BadInputHardeningTests {

    private static final int MAX_LINE = 1024;
    private static final int TEN_MB = 10 * 1024 * 1024;

    /** What the io loop of one server may allocate while swallowing 10 MB: frames, log lines, not the stream. */
    private static final long LOOP_ALLOCATION_LIMIT = 512 * 1024;

    @Test
    void whenTenMegabytesComeWithoutNewlineUnderCloseThenAnErrorReplyAndACloseFollow() throws Exception {
        LineFraming framing = LineFraming.defaults().maxLineLength(MAX_LINE);
        try (ServerFixture fixture = ServerFixture.start(echo("nl-close", framing));
                Socket attacker = new Socket("127.0.0.1", fixture.port())) {
            attacker.setSoTimeout(10_000);
            ClientConnection bystander = fixture.connect();
            long allocatedBefore = allocatedBytesOfThreads("loopwire-nl-close-io");
            Thread writer = writeInBackground(attacker, noNewline(TEN_MB));

            assertThat(readUntilClosed(attacker)).isEqualTo("ERR too-long\n");
            writer.join(10_000);
            long allocated = allocatedBytesOfThreads("loopwire-nl-close-io") - allocatedBefore;
            long received = fixture.server().stats().bytesReceived();

            assertThat(fixture.server().stats().framesRejected(FrameError.TOO_LONG)).isEqualTo(1);
            // the server stopped reading right after the limit: it took in a few reads, not 10 MB
            assertThat(received).isLessThan(4L * 64 * 1024 + MAX_LINE);
            assertThat(allocated).isLessThan(LOOP_ALLOCATION_LIMIT);
            assertThat(text(bystander.request(bytes("still served")))).isEqualTo("still served");
            report("10 MB no newline, CLOSE: server read %d bytes, io loop allocated %d bytes", received, allocated);
        }
    }

    @Test
    void whenTenMegabytesComeWithoutNewlineUnderDiscardThenTheyAreDroppedAsTheyArriveAndTheNextLineIsServed() throws Exception {
        LineFraming framing = LineFraming.defaults().maxLineLength(MAX_LINE).onTooLong(TooLongFrameAction.DISCARD);
        try (ServerFixture fixture = ServerFixture.start(echo("nl-discard", framing));
                Socket attacker = new Socket("127.0.0.1", fixture.port())) {
            attacker.setSoTimeout(20_000);
            ClientConnection bystander = fixture.connect();
            long allocatedBefore = allocatedBytesOfThreads("loopwire-nl-discard-io");
            OutputStream out = attacker.getOutputStream();
            byte[] chunk = noNewline(64 * 1024);
            for (int written = 0; written < TEN_MB; written += chunk.length) {
                out.write(chunk);
                if (written % (1024 * 1024) == 0) {
                    // a bystander is served while the 10 MB line streams in
                    assertThat(text(bystander.request(bytes("during " + written)))).isEqualTo("during " + written);
                }
            }
            out.write(bytes("\nnext line\n"));
            out.flush();
            byte[] expected = bytes("ERR too-long\nnext line\n");
            byte[] replies = attacker.getInputStream().readNBytes(expected.length);
            long allocated = allocatedBytesOfThreads("loopwire-nl-discard-io") - allocatedBefore;

            assertThat(new String(replies, StandardCharsets.US_ASCII)).isEqualTo("ERR too-long\nnext line\n");
            assertThat(fixture.server().stats().bytesReceived()).isGreaterThanOrEqualTo(TEN_MB);
            assertThat(fixture.server().stats().framesRejected(FrameError.TOO_LONG)).isEqualTo(1);
            assertThat(allocated).isLessThan(LOOP_ALLOCATION_LIMIT);
            report("10 MB no newline, DISCARD: all %d bytes read and dropped, io loop allocated %d bytes",
                    fixture.server().stats().bytesReceived(), allocated);
        }
    }

    @Test
    void whenTooLongLineIsFollowedByItsDelimiterUnderCloseThenAnErrorReplyAndACloseFollow() throws Exception {
        LineFraming framing = LineFraming.defaults().maxLineLength(MAX_LINE);
        try (ServerFixture fixture = ServerFixture.start(echo("long-line", framing));
                Socket attacker = new Socket("127.0.0.1", fixture.port())) {
            attacker.setSoTimeout(10_000);
            ClientConnection bystander = fixture.connect();
            OutputStream out = attacker.getOutputStream();
            out.write(bytes("ok\n" + "x".repeat(MAX_LINE + 1) + "\nnever\n"));
            out.flush();

            assertThat(readUntilClosed(attacker)).isEqualTo("ok\nERR too-long\n");
            assertThat(fixture.server().stats().framesRejected(FrameError.TOO_LONG)).isEqualTo(1);
            assertThat(text(bystander.request(bytes("fine")))).isEqualTo("fine");
        }
    }

    /**
     * Corrupt length headers: each case names the framing, the header bytes, the reply the peer gets and
     * the counted reason. Every one is fatal (the stream cannot be resynchronised) and closes.
     */
    static Stream<Arguments> corruptHeaders() {
        LengthFieldFraming four = LengthFieldFraming.defaults().maxFrameLength(64 * 1024);
        LengthFieldFraming eight = four.lengthFieldLength(8);
        LengthFieldFraming wholeFrame = four.lengthAdjustment(-4).initialBytesToStrip(0);
        return Stream.of(
                Arguments.of("negative 4-byte (0x80000000)", four, "80000000", FrameError.CORRUPT),
                Arguments.of("negative 4-byte (-1)", four, "ffffffff", FrameError.CORRUPT),
                Arguments.of("above max-frame-length", four, "00010001", FrameError.TOO_LONG),
                Arguments.of("0x7fffffff", four, "7fffffff", FrameError.TOO_LONG),
                Arguments.of("smaller than the header with adjustment -4", wholeFrame, "00000002", FrameError.CORRUPT),
                Arguments.of("8-byte 2^31 + 1", eight, "0000000080000001", FrameError.TOO_LONG),
                Arguments.of("8-byte 2^40", eight, "0000010000000000", FrameError.TOO_LONG),
                Arguments.of("8-byte 2^63 - 1", eight, "7fffffffffffffff", FrameError.TOO_LONG),
                Arguments.of("8-byte negative", eight, "8000000000000000", FrameError.CORRUPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptHeaders")
    void whenLengthHeaderIsCorruptThenItIsRejectedBeforeAnyAllocationAndTheConnectionCloses(String name, LengthFieldFraming framing,
            String headerHex, FrameError reason) throws Exception {
        String server = "hdr-" + Math.abs(name.hashCode());
        try (ServerFixture fixture = ServerFixture.start(echo(server, framing));
                Socket attacker = new Socket("127.0.0.1", fixture.port())) {
            attacker.setSoTimeout(10_000);
            ClientConnection bystander = fixture.connect();
            long allocatedBefore = allocatedBytesOfThreads("loopwire-" + server + "-io");
            OutputStream out = attacker.getOutputStream();
            out.write(HexFormat.of().parseHex(headerHex));
            out.write(new byte[1024]); // some body bytes after the header
            out.flush();

            byte[] reply = readUntilClosed(attacker).getBytes(StandardCharsets.ISO_8859_1);
            long allocated = allocatedBytesOfThreads("loopwire-" + server + "-io") - allocatedBefore;

            assertThat(decodeOne(framing, reply)).isEqualTo("ERR " + reason.tag());
            assertThat(fixture.server().stats().framesRejected(reason)).isEqualTo(1);
            assertThat(fixture.server().stats().framesReceived()).isZero();
            assertThat(allocated).isLessThan(LOOP_ALLOCATION_LIMIT);
            byte[] payload = bytes("after " + name);
            // with nothing stripped, each side's decoder keeps the header: the echo comes back framed twice
            byte[] expected = framing.initialBytesToStrip() == 0 ? encoded(framing, encoded(framing, payload)) : payload;
            assertThat(bystander.request(payload).get(10, TimeUnit.SECONDS)).isEqualTo(expected);
        }
    }

    private static TcpServerConfig.Builder echo(String name, Framing framing) {
        return TcpServerConfig.builder((connection, frame) -> Reply.of(frame)).name(name).framing(framing)
                .dispatch(Dispatch.IO).failurePolicy(ERROR_REPLIES).ioThreads(1);
    }

    private static byte[] encoded(LengthFieldFraming framing, byte[] payload) {
        ByteBuffer frame = framing.encoder().encode(payload);
        return Arrays.copyOfRange(frame.array(), frame.position(), frame.limit());
    }

    /** The payload of the one length-prefixed reply in {@code wire}. */
    private static String decodeOne(LengthFieldFraming framing, byte[] wire) {
        ByteBuffer encoded = framing.encoder().encode(bytes("x"));
        int overhead = encoded.remaining() - 1;
        assertThat(wire.length).isGreaterThan(overhead);
        return new String(Arrays.copyOfRange(wire, overhead, wire.length), StandardCharsets.UTF_8);
    }

    private static byte[] noNewline(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'a');
        return data;
    }

    /** Writes {@code data} on another thread; a write failing because the server closed ends it quietly. */
    private static Thread writeInBackground(Socket socket, byte[] data) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < data.length; i += 64 * 1024) {
                    out.write(data, i, Math.min(64 * 1024, data.length - i));
                }
            } catch (IOException closedByServer) {
                // expected: the server closes after the limit
            }
        }, "attacker-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }
}
