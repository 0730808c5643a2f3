package dev.loopwire.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TLS keeps every write on the loop, even in pool dispatch with direct writes on. */
class DirectWriteTlsTests {

    @Test
    void whenTheConnectionIsTlsThenNoReplyIsWrittenByABusinessThread() throws Exception {
        TestCertificates certs = TestCertificates.get();
        LineFraming framing = LineFraming.defaults();
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.of(frame))
                .name("direct-tls").host("127.0.0.1").port(0).framing(framing).dispatch(Dispatch.POOL)
                .directWrite(true).ioThreads(1).businessThreads(4).tls(certs.server(ClientAuth.NONE).build())
                .build()).start();
        try (TcpClient client = TcpClient.create(1, framing, certs.client(null).build())) {
            ClientConnection connection = client.connect("127.0.0.1", server.port());
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                replies.add(connection.request(("t " + i).getBytes(StandardCharsets.US_ASCII)));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertThat(new String(replies.get(i).get(20, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
                        .isEqualTo("t " + i);
            }
            assertThat(server.stats().repliesWrittenDirect()).isZero();
            assertThat(server.stats().directWritesDeferred()).isZero();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
    }
}
