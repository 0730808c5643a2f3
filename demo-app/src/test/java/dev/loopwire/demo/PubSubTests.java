package dev.loopwire.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.demo.pubsub.Channels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The lines server's greeting and SUBSCRIBE/PUBLISH, over real sockets. */
@SpringBootTest(properties = { "loopwire.servers.lines.port=0", "loopwire.servers.json.port=0",
        "loopwire.servers.echo.port=0", "server.port=0" })
class PubSubTests {

    @Value("${local.loopwire.lines.port}")
    private int linesPort;

    @Autowired
    private Channels channels;

    @Test
    void whenAClientPipelinesBeforeReadingThenTheGreetingStillComesFirst() throws Exception {
        try (Peer peer = new Peer(linesPort)) {
            peer.send("PING\nPING hi\n"); // sent before the greeting is read
            assertThat(peer.line()).isEqualTo("+OK loopwire ready");
            assertThat(peer.line()).isEqualTo("+PONG");
            assertThat(peer.line()).isEqualTo("hi");
        }
    }

    @Test
    void whenAMessageIsPublishedThenEverySubscriberGetsItAndTheReplyCountsThem() throws Exception {
        try (Peer alice = new Peer(linesPort); Peer bob = new Peer(linesPort); Peer carol = new Peer(linesPort)) {
            for (Peer peer : new Peer[] {alice, bob, carol}) {
                assertThat(peer.line()).isEqualTo("+OK loopwire ready");
            }
            alice.send("SUBSCRIBE news sport\n");
            assertThat(alice.line()).isEqualTo(":2");
            bob.send("SUBSCRIBE news\n");
            assertThat(bob.line()).isEqualTo(":1");

            carol.send("PUBLISH news hello world\n");
            assertThat(carol.line()).isEqualTo(":2");
            assertThat(alice.line()).isEqualTo("message news hello world");
            assertThat(bob.line()).isEqualTo("message news hello world");
            carol.send("PUBLISH sport goal\nPUBLISH weather rain\nPUBLISH\n");
            assertThat(carol.line()).isEqualTo(":1");
            assertThat(carol.line()).isEqualTo(":0");
            assertThat(carol.line()).startsWith("-ERR wrong number of arguments for 'PUBLISH'");
            assertThat(alice.line()).isEqualTo("message sport goal");

            bob.close(); // its subscription goes with it
            await().atMost(Duration.ofSeconds(5)).until(() -> channels.subscriberCount("news") == 1);
            carol.send("PUBLISH news again\n");
            assertThat(carol.line()).isEqualTo(":1");
            assertThat(alice.line()).isEqualTo("message news again");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> channels.subscriberCount("sport") == 0);
    }

    /** A raw line client: what a user with nc sees. */
    private static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        Peer(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String text) throws Exception {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws Exception {
            return in.readLine();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
