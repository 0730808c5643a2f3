package dev.loopwire.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.BusinessExecutors;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.SecurityStats;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS servers and clients over real sockets on 127.0.0.1, with certificates made by keytool at runtime. */
class TlsServerTests {

    private static final TestCertificates CERTS = TestCertificates.get();
    private static final LineFraming FRAMING = LineFraming.defaults().maxLineLength(256 * 1024);

    private final AtomicInteger framesHandled = new AtomicInteger();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TcpServer server(Dispatch dispatch, TlsConfig tls) {
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> {
            framesHandled.incrementAndGet();
            return Reply.of(frame);
        }).name("tls-" + dispatch).host("127.0.0.1").port(0).framing(FRAMING).dispatch(dispatch).ioThreads(1)
                .tls(tls).build()).start();
        resources.add(() -> server.shutdownGracefully(Duration.ofSeconds(5)).join());
        return server;
    }

    private ClientConnection connect(TcpServer server, TlsConfig tls) throws Exception {
        TcpClient client = TcpClient.create(1, FRAMING, tls);
        resources.add(client);
        return client.connect("127.0.0.1", server.port());
    }

    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void whenTlsClientThenHandshakeAndPipelinedEchoInOrder(Dispatch dispatch) throws Exception {
        Assumptions.assumeTrue(dispatch != Dispatch.VIRTUAL || BusinessExecutors.virtualThreadsAvailable(),
                "virtual threads need Java 21+");
        TcpServer server = server(dispatch, CERTS.server(ClientAuth.NONE).build());
        ClientConnection client = connect(server, CERTS.client(null).build());
        List<CompletableFuture<byte[]>> replies = new ArrayList<>(); // sent before the handshake is done
        for (int i = 0; i < 500; i++) {
            replies.add(client.request(("req-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        SSLSession session = client.handshake().get(10, TimeUnit.SECONDS);
        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
        for (int i = 0; i < 500; i++) {
            assertThat(new String(replies.get(i).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("req-" + i);
        }
        SecurityStats security = server.stats().security();
        assertThat(security.handshakes()).isEqualTo(1);
        assertThat(security.handshakeNanosTotal()).isPositive();
        assertThat(Arrays.stream(HandshakeFailure.values()).mapToLong(security::handshakeFailures).sum()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenLargeFramesThenManyRecordsAndWatermarksStillWork(Dispatch dispatch) throws Exception {
        TcpServer server = server(dispatch, CERTS.server(ClientAuth.NONE).build());
        ClientConnection client = connect(server, CERTS.client(null).build());
        byte[] big = new byte[200 * 1024]; // 13 records each way, above the 64 KiB high watermark
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(client.request(big));
        }
        for (CompletableFuture<byte[]> reply : replies) {
            assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo(big);
        }
        assertThat(server.stats().bytesReceived()).isGreaterThan(20L * big.length);
    }

    @Test
    void whenServerClosesThenCloseNotifyIsSent() throws Exception {
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.ofAndClose(frame)).name("tls-closing").host("127.0.0.1").port(0).dispatch(Dispatch.IO).ioThreads(1)
                .tls(CERTS.server(ClientAuth.NONE).build()).build()).start();
        resources.add(() -> server.shutdownGracefully(Duration.ofSeconds(5)).join());
        TcpClient tcpClient = TcpClient.create(1, LineFraming.defaults(), CERTS.client(null).build());
        resources.add(tcpClient);
        ClientConnection client = tcpClient.connect("127.0.0.1", server.port());
        client.handshake().get(10, TimeUnit.SECONDS);
        client.sendFrame("bye".getBytes(StandardCharsets.UTF_8));
        client.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(client.tlsSession().closeNotifyReceived()).isTrue();
    }

    @Test
    void whenServerShutsDownGracefullyThenTlsConnectionsGetCloseNotifyAndShutdownIsQuick() throws Exception {
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.of(frame))
                .name("tls-shutdown").host("127.0.0.1").port(0).dispatch(Dispatch.POOL).ioThreads(1)
                .tls(CERTS.server(ClientAuth.NONE).build()).build()).start();
        ClientConnection done = connect(server, CERTS.client(null).build());
        assertThat(done.request("one".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)).asString()
                .isEqualTo("one");
        try (Socket handshaking = new Socket("127.0.0.1", server.port())) { // never says ClientHello
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 2);
            long start = System.nanoTime();
            server.shutdownGracefully(Duration.ofSeconds(20)).get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        done.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(done.tlsSession().closeNotifyReceived()).isTrue();
    }

    @Test
    void whenClientAuthNeedAndTrustedClientCertificateThenEcho() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NEED).build());
        ClientConnection client = connect(server, CERTS.client(TestCertificates.CLIENT).build());
        assertThat(client.request("hi".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)).asString()
                .isEqualTo("hi");
        assertThat(client.handshake().get().getLocalPrincipal().getName()).contains("loopwire-test-client");
    }

    @Test
    void whenClientAuthNeedAndNoClientCertificateThenRefused() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NEED).build());
        ClientConnection client = connect(server, CERTS.client(null).build());
        CompletableFuture<byte[]> reply = client.request("hi".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().security()
                .handshakeFailures(HandshakeFailure.CERTIFICATE) == 1);
        client.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(framesHandled).hasValue(0);
    }

    @Test
    void whenClientAuthNeedAndUntrustedClientCertificateThenRefused() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NEED).build());
        ClientConnection client = connect(server, CERTS.client(TestCertificates.ROGUE).build());
        CompletableFuture<byte[]> reply = client.request("hi".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().security()
                .handshakeFailures(HandshakeFailure.CERTIFICATE) == 1);
        assertThat(framesHandled).hasValue(0);
    }

    @Test
    void whenClientDoesNotTrustTheServerThenHandshakeFails() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NONE).build());
        TlsConfig trustsOnlyTheClientCert = TlsConfig.builder(CERTS.context(null, TestCertificates.CLIENT)).build();
        ClientConnection client = connect(server, trustsOnlyTheClientCert);
        assertThatThrownBy(() -> client.handshake().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().security()
                .handshakeFailures(HandshakeFailure.CERTIFICATE) + server.stats().security()
                .handshakeFailures(HandshakeFailure.OTHER) == 1);
    }

    @Test
    void whenPlaintextClientOnTlsPortThenClosedCleanly() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NONE).build());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("hello there, this is plaintext\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readToEnd(socket.getInputStream())).isLessThan(100); // at most an alert, then end of stream
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().security()
                .handshakeFailures(HandshakeFailure.NOT_TLS) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().activeConnections() == 0);
        assertThat(framesHandled).hasValue(0);
    }

    @Test
    void whenHandshakeIsTooSlowThenTimeoutCloses() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NONE).handshakeTimeout(Duration.ofMillis(300))
                .build());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1); // says nothing; the server gives up
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        }
        assertThat(server.stats().security().handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void whenTls12ClientRenegotiatesThenConnectionIsClosed() throws Exception {
        TcpServer server = server(Dispatch.IO, CERTS.server(ClientAuth.NONE).build());
        SSLSocket socket = (SSLSocket) CERTS.context(null, TestCertificates.SERVER).getSocketFactory()
                .createSocket("127.0.0.1", server.port());
        try (socket) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("one\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[4];
            socket.getInputStream().readNBytes(reply, 0, 4);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("one\n");
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            try {
                socket.startHandshake(); // a renegotiation
                socket.getOutputStream().write("two\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (java.io.IOException expected) {
                // refused: the server closed the connection
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().security()
                .handshakeFailures(HandshakeFailure.RENEGOTIATION) == 1);
        assertThat(framesHandled).hasValue(1);
    }

    private static int readToEnd(InputStream in) throws java.io.IOException {
        int total = 0;
        try {
            while (in.read() >= 0) {
                total++;
            }
        } catch (java.net.SocketException reset) {
            // a reset also ends the stream
        }
        return total;
    }
}
