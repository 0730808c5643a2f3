package dev.loopwire.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.SecurityStats;
import dev.loopwire.transport.tls.ClientAuth;
import dev.loopwire.transport.tls.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PROXY protocol headers sent over real sockets; the handler answers with the address it sees. */
class ProxyProtocolServerTests {

    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(400);
    private final AtomicInteger frames = new AtomicInteger();
    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }

    private TcpServer start(ProxyProtocolMode mode, List<String> trusted, Dispatch dispatch, boolean tls) {
        TcpServerConfig.Builder builder = TcpServerConfig.builder((connection, frame) -> {
            frames.incrementAndGet();
            return Reply.of((new String(frame, StandardCharsets.UTF_8) + " from "
                    + connection.remoteAddress().getAddress().getHostAddress() + " "
                    + connection.remoteAddress().getPort()).getBytes(StandardCharsets.UTF_8));
        }).name("proxy-" + mode).host("127.0.0.1").port(0).dispatch(dispatch).ioThreads(1)
                .proxyProtocol(ProxyProtocolConfig.of(mode, trusted, HEADER_TIMEOUT));
        if (tls) {
            builder.tls(TestCertificates.get().server(ClientAuth.NONE).build());
        }
        server = new TcpServer(builder.build()).start();
        return server;
    }

    private SecurityStats stats() {
        return server.stats().security();
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenTrustedProxySendsV1Tcp4ByteByByteThenClientAddressIsReported(Dispatch dispatch) throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.0/8"), dispatch, false);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (byte b : "PROXY TCP4 192.0.2.1 198.51.100.7 56324 7000\r\nhel".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b); // split everywhere: the reader must cope with any chunking
                out.flush();
            }
            out.write("lo\nagain\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).isEqualTo("hello from 192.0.2.1 56324");
            assertThat(in.readLine()).isEqualTo("again from 192.0.2.1 56324");
        }
        assertThat(stats().proxyHeadersAccepted()).isEqualTo(1);
    }

    @Test
    void whenTrustedProxySendsV2Tcp6ThenClientAddressIsReported() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(ProxyHeaders.v2Tcp6("2001:db8::7", 5555, "2001:db8::1", 443, new byte[] {0x04, 0x00, 0x01, 0x00}));
            out.write("hi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("hi from 2001:db8:0:0:0:0:0:7 5555");
        }
    }

    @Test
    void whenTrustedProxySendsV1Tcp6WithIpv4MappedAddressesThenClientAddressIsReported() throws Exception {
        // issue 20, item 3: this HAProxy form used to close the connection
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("PROXY TCP6 ::ffff:198.18.0.2 ::ffff:127.0.0.1 20001 7000\r\nhi\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("hi from 0:0:0:0:0:ffff:c612:2 20001");
        }
        assertThat(stats().proxyHeadersAccepted()).isEqualTo(1);
        assertThat(stats().proxyRejections(ProxyRejection.MALFORMED)).isZero();
    }

    @Test
    void whenV2FamilyIsUnassignedThenClosedAndCountedAsUnknownFamily() throws Exception {
        // issue 20, item 4: family 0xFF used to be accepted, keeping the real address
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        byte[] header = ProxyHeaders.v2(0x21, 0xFF, new byte[] {(byte) 192, 0, 2, 9, 10, 0, 0, 1, 0x1F, 0x40, 0x1B, 0x58});
        byte[] bytes = java.util.Arrays.copyOf(header, header.length + 3);
        System.arraycopy("hi\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, header.length, 3);
        assertClosed(bytes);
        assertThat(stats().proxyRejections(ProxyRejection.UNKNOWN_FAMILY)).isEqualTo(1);
        assertThat(stats().proxyHeadersAccepted()).isZero();
        assertThat(frames).hasValue(0);
    }

    @Test
    void whenOptionalAndUntrustedPeerSendsAHeaderWithANonLiteralAddressThenItIsDroppedUnparsed() throws Exception {
        // issue 20, item 5: the header used to be parsed (its address reaching the resolver) before the trust check
        start(ProxyProtocolMode.OPTIONAL, List.of("10.0.0.0/8"), Dispatch.IO, false);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("PROXY TCP6 .a1:b ::1 1 2\r\nhi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("hi from 127.0.0.1 " + socket.getLocalPort());
        }
        assertThat(stats().proxyRejections(ProxyRejection.UNTRUSTED)).isEqualTo(1);
        assertThat(stats().proxyRejections(ProxyRejection.MALFORMED)).isZero();
    }

    @Test
    void whenTrustedProxySendsAHeaderWithANonLiteralAddressThenClosedAsMalformed() throws Exception {
        start(ProxyProtocolMode.OPTIONAL, List.of("127.0.0.1"), Dispatch.IO, false);
        assertClosed("PROXY TCP6 .a1:b ::1 1 2\r\nhi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(stats().proxyRejections(ProxyRejection.MALFORMED)).isEqualTo(1);
        assertThat(frames).hasValue(0);
    }

    @Test
    void whenV1UnknownOrV2LocalThenRealAddressIsKept() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("PROXY UNKNOWN\r\nhi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("hi from 127.0.0.1 " + socket.getLocalPort());
        }
        try (Socket socket = connect()) {
            socket.getOutputStream().write(ProxyHeaders.v2(0x20, 0x00, new byte[0]));
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("hi from 127.0.0.1 " + socket.getLocalPort());
        }
        assertThat(stats().proxyHeadersAccepted()).isEqualTo(2);
    }

    @Test
    void whenRequiredAndPeerIsNotTrustedThenClosedAtAccept() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("10.0.0.0/8"), Dispatch.IO, false);
        assertClosed("PROXY TCP4 192.0.2.1 198.51.100.7 56324 7000\r\nhi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(stats().proxyRejections(ProxyRejection.UNTRUSTED)).isEqualTo(1);
        assertThat(frames).hasValue(0);
    }

    @Test
    void whenOptionalAndPeerIsNotTrustedThenHeaderIsIgnored() throws Exception {
        start(ProxyProtocolMode.OPTIONAL, List.of("10.0.0.0/8"), Dispatch.IO, false);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("PROXY TCP4 192.0.2.1 198.51.100.7 56324 7000\r\nhi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("hi from 127.0.0.1 " + socket.getLocalPort());
        }
        assertThat(stats().proxyRejections(ProxyRejection.UNTRUSTED)).isEqualTo(1);
        assertThat(stats().proxyHeadersAccepted()).isZero();
    }

    @Test
    void whenOptionalAndNoHeaderThenStreamIsUntouched() throws Exception {
        start(ProxyProtocolMode.OPTIONAL, List.of("127.0.0.1"), Dispatch.IO, false);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("PROXIMITY\n".getBytes(StandardCharsets.US_ASCII)); // starts like "PROXY "
            assertThat(reader(socket).readLine()).isEqualTo("PROXIMITY from 127.0.0.1 " + socket.getLocalPort());
        }
    }

    @Test
    void whenRequiredAndNoHeaderThenClosedAsMissing() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        assertClosed("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(stats().proxyRejections(ProxyRejection.MISSING)).isEqualTo(1);
    }

    @Test
    void whenHeaderIsMalformedThenClosed() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        assertClosed("PROXY TCP4 192.0.2.300 198.51.100.7 56324 7000\r\nhi\n".getBytes(StandardCharsets.US_ASCII));
        assertClosed(ProxyHeaders.v2(0x21, 0x11, new byte[4]));
        assertThat(stats().proxyRejections(ProxyRejection.MALFORMED)).isEqualTo(2);
        assertThat(frames).hasValue(0);
    }

    @Test
    void whenHeaderIsOversizedThenClosedAsTooLong() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        assertClosed(("PROXY TCP4 " + "1".repeat(120) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] bigV2 = new byte[16];
        System.arraycopy(ProxyHeaders.v2(0x21, 0x11, new byte[0]), 0, bigV2, 0, 14);
        bigV2[14] = (byte) 0xff; // claims 65535 bytes
        bigV2[15] = (byte) 0xff;
        assertClosed(bigV2);
        assertThat(stats().proxyRejections(ProxyRejection.TOO_LONG)).isEqualTo(2);
    }

    @Test
    void whenHeaderIsSlowThenClosedByTimeout() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.IO, false);
        long start = System.nanoTime();
        assertClosed("PROXY TCP4 192.0.2.1 ".getBytes(StandardCharsets.US_ASCII));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(50));
        assertThat(stats().proxyRejections(ProxyRejection.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void whenHeaderThenTlsThenClientAddressIsReportedOverTls() throws Exception {
        start(ProxyProtocolMode.REQUIRED, List.of("127.0.0.1"), Dispatch.POOL, true);
        Socket plain = connect();
        plain.getOutputStream().write("PROXY TCP4 203.0.113.5 198.51.100.7 40000 7000\r\n".getBytes(StandardCharsets.US_ASCII));
        SSLSocket socket = (SSLSocket) TestCertificates.get().context(null, TestCertificates.SERVER).getSocketFactory()
                .createSocket(plain, "127.0.0.1", server.port(), true);
        try (socket) {
            socket.getOutputStream().write("secure\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader(socket).readLine()).isEqualTo("secure from 203.0.113.5 40000");
        }
        assertThat(server.stats().security().handshakes()).isEqualTo(1);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private void assertClosed(byte[] bytes) throws IOException {
        try (Socket socket = connect()) {
            try {
                socket.getOutputStream().write(bytes);
            } catch (java.net.SocketException reset) {
                return; // refused with a reset before the bytes went out: closed as well
            }
            assertThat(readEnd(socket)).isTrue();
        } finally {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 0);
        }
    }

    /** True when the stream ends (or is reset) without a byte. */
    private static boolean readEnd(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }
}
