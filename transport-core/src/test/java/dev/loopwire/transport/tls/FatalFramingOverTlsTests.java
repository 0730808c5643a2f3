package dev.loopwire.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import dev.loopwire.transport.proxy.ProxyProtocolConfig;
import dev.loopwire.transport.proxy.ProxyProtocolMode;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After a fatal framing error nothing more from the connection reaches a handler, also when the bytes
 * after it come in later TLS records of the same read, on TLS 1.2 and 1.3, with and without a PROXY header
 * in front: the peer gets the replies before the bad frame, the error reply, then the close.
 */
class FatalFramingOverTlsTests {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PROXY_V1 = "PROXY TCP4 203.0.113.5 198.51.100.7 40000 7000\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            for (boolean proxy : List.of(false, true)) {
                for (Dispatch dispatch : List.of(Dispatch.IO, Dispatch.POOL)) {
                    cases.add(Arguments.of(protocol, proxy, dispatch, "line"));
                    cases.add(Arguments.of(protocol, proxy, dispatch, "length"));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} proxy={1} {2} {3}")
    @MethodSource("cases")
    void whenRecordsAfterAFatalFrameArriveInTheSameReadThenTheyReachNoHandler(String protocol, boolean proxy,
            Dispatch dispatch, String framingName) throws Exception {
        boolean line = framingName.equals("line");
        Framing framing = line ? LineFraming.defaults().maxLineLength(64).onTooLong(TooLongFrameAction.CLOSE)
                : LengthFieldFraming.defaults().maxFrameLength(1024);
        TcpServerConfig.Builder builder = TcpServerConfig.builder((connection, frame) -> {
            handled.add(new String(frame, StandardCharsets.UTF_8));
            return Reply.of(frame);
        }).name("tls-fatal").host("127.0.0.1").port(0).dispatch(dispatch).ioThreads(1).framing(framing)
                .failurePolicy(errorReply()).tls(TestCertificates.get().server(ClientAuth.NONE).build());
        if (proxy) {
            builder.proxyProtocol(ProxyProtocolConfig.of(ProxyProtocolMode.OPTIONAL, List.of("127.0.0.1"),
                    Duration.ofSeconds(5)));
        }
        server = new TcpServer(builder.build()).start();

        List<byte[]> records = line
                ? List.of(ascii("before\n"), ascii("x".repeat(100) + "\n"), ascii("after\n"))
                : List.of(HEX.parseHex("00000006" + "6265666f7265"), // "before"
                        HEX.parseHex("ffffffff"), // a corrupt (negative) length
                        HEX.parseHex("00000005" + "6166746572")); // "after"
        byte[] expected = line ? ascii("before\nERR\n") : HEX.parseHex("00000006" + "6265666f7265" + "00000003" + "455252");

        try (TlsRecordClient client = new TlsRecordClient(server.port(), protocol, proxy ? PROXY_V1 : new byte[0])) {
            assertThat(client.protocol()).isEqualTo(protocol);
            client.sendRecords(records);
            assertThat(client.readUntilClosed()).isEqualTo(expected);
            assertThat(client.closeNotifyReceived()).isTrue();
        }
        assertThat(handled).containsExactly("before");
    }

    private static FailurePolicy errorReply() {
        return new FailurePolicy() {
            @Override
            public byte[] onHandlerFailure(Connection connection, Throwable failure) {
                return null;
            }

            @Override
            public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
                return ascii("ERR");
            }
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
