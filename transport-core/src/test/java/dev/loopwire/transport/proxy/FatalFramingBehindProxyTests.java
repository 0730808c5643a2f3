package dev.loopwire.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PROXY {@code optional} with a 4-byte length field: bytes that only look like the start of a header are
 * handed to the decoder in one call and the rest of the read in another. After a fatal decode of the first
 * part, the second part must reach no handler and get no second error reply.
 */
class FatalFramingBehindProxyTests {

    private static final HexFormat HEX = HexFormat.of();
    /** one error reply, length-framed: "ERR" */
    private static final String ERROR_REPLY = "00000003" + "455252";

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    static List<Arguments> inputs() {
        return List.of(
                // "PROXX" (a near miss of v1) then a frame "after-fatal": "PROX" is read as a too-long length
                Arguments.of(Dispatch.IO, "50524f5858" + "0000000b" + "61667465722d666174616c"),
                Arguments.of(Dispatch.POOL, "50524f5858" + "0000000b" + "61667465722d666174616c"),
                // a near miss of the v2 signature (X for T), then a corrupt length: two fatal errors before the fix
                Arguments.of(Dispatch.IO, "0d0a0d0a000d0a51554958" + "ffffffff" + "0000000b" + "61667465722d666174616c"),
                Arguments.of(Dispatch.POOL, "0d0a0d0a000d0a51554958" + "ffffffff" + "0000000b" + "61667465722d666174616c"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void whenTheBytesAfterANearMissSignatureAreFatalThenNothingLaterIsHandledOrAnswered(Dispatch dispatch,
            String inputHex) throws Exception {
        server = new TcpServer(TcpServerConfig.builder((connection, frame) -> {
            handled.add(new String(frame, StandardCharsets.UTF_8));
            return Reply.of(frame);
        }).name("proxy-fatal").host("127.0.0.1").port(0).dispatch(dispatch).ioThreads(1)
                .framing(LengthFieldFraming.defaults())
                .proxyProtocol(ProxyProtocolConfig.of(ProxyProtocolMode.OPTIONAL, List.of("127.0.0.1"),
                        Duration.ofSeconds(5)))
                .failurePolicy(new FailurePolicy() {
                    @Override
                    public byte[] onHandlerFailure(Connection connection, Throwable failure) {
                        return null;
                    }

                    @Override
                    public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
                        return "ERR".getBytes(StandardCharsets.US_ASCII);
                    }
                }).build()).start();

        byte[] received;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(HEX.parseHex(inputHex));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[1024];
            for (int n; (n = in.read(chunk)) != -1;) {
                all.write(chunk, 0, n);
            }
            received = all.toByteArray();
        }
        assertThat(HEX.formatHex(received)).isEqualTo(ERROR_REPLY);
        assertThat(handled).isEmpty();
    }
}
