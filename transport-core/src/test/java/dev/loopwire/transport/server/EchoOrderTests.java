package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.codec.LengthFieldFraming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pipelined echo over real sockets: every reply arrives, in request order, in every dispatch mode. */
class EchoOrderTests {

    private static final int CONNECTIONS = 100;
    private static final int FRAMES_PER_CONNECTION = 1_000;

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenHundredConnectionsPipelineThousandFramesThenEveryReplyArrivesInOrder(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("echo-" + dispatch).dispatch(dispatch).ioThreads(2).businessThreads(4))) {
            assertPipelinedEchoInOrder(fixture);
            assertThat(fixture.server().stats().framesReceived()).isEqualTo((long) CONNECTIONS * FRAMES_PER_CONNECTION);
            assertThat(fixture.server().stats().repliesSent()).isEqualTo((long) CONNECTIONS * FRAMES_PER_CONNECTION);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenSomeRepliesCompleteLaterOnOtherThreadsThenOrderIsStillKept(Dispatch dispatch) throws Exception {
        Executor delayed = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> {
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                return Reply.later(CompletableFuture.supplyAsync(() -> frame, delayed));
            }
            return Reply.of(frame);
        }).name("async-" + dispatch).dispatch(dispatch).ioThreads(2))) {
            List<ClientConnection> clients = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                clients.add(fixture.connect());
            }
            List<List<CompletableFuture<byte[]>>> replies = sendAll(clients, 300);
            assertRepliesMatch(replies);
        }
    }

    @Test
    void whenLengthFramedBinaryFramesArePipelinedThenEachComesBackWhole() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("binary").framing(LengthFieldFraming.defaults()).dispatch(Dispatch.POOL).ioThreads(2))) {
            ClientConnection client = fixture.connect();
            List<byte[]> sent = new ArrayList<>();
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] frame = new byte[ThreadLocalRandom.current().nextInt(0, 70_000)];
                ThreadLocalRandom.current().nextBytes(frame);
                sent.add(frame);
                replies.add(client.request(frame));
            }
            for (int i = 0; i < sent.size(); i++) {
                assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).as("frame %d", i).isEqualTo(sent.get(i));
            }
        }
    }

    private static void assertPipelinedEchoInOrder(ServerFixture fixture) throws Exception {
        List<ClientConnection> clients = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            clients.add(fixture.connect());
        }
        assertRepliesMatch(sendAll(clients, FRAMES_PER_CONNECTION));
    }

    private static List<List<CompletableFuture<byte[]>>> sendAll(List<ClientConnection> clients, int frames) {
        List<List<CompletableFuture<byte[]>>> replies = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            List<CompletableFuture<byte[]>> perConnection = new ArrayList<>(frames);
            for (int i = 0; i < frames; i++) {
                perConnection.add(clients.get(c).request(payload(c, i)));
            }
            replies.add(perConnection);
        }
        return replies;
    }

    private static void assertRepliesMatch(List<List<CompletableFuture<byte[]>>> replies) throws Exception {
        for (int c = 0; c < replies.size(); c++) {
            List<CompletableFuture<byte[]>> perConnection = replies.get(c);
            for (int i = 0; i < perConnection.size(); i++) {
                byte[] reply = perConnection.get(i).get(60, TimeUnit.SECONDS);
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo(new String(payload(c, i),
                        StandardCharsets.US_ASCII));
            }
        }
    }

    private static byte[] payload(int connection, int sequence) {
        return ("conn-" + connection + " seq-" + sequence + " payload-" + Integer.toHexString(connection * 31 + sequence))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
