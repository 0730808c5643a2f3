package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.SlowConsumerPolicy;
import dev.loopwire.transport.connection.NioConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Broadcast to 1,000 subscribers, one of which never reads: every other subscriber gets every message in
 * order, the slow one is skipped (counted, stays open) or closed (counted) as configured, and its backlog
 * never passes the high watermark plus one message. The subscribers are read by one selector thread.
 */
class BroadcastSlowConsumerTests {

    private static final int SUBSCRIBERS = 1_000;
    private static final int MESSAGES = 150;
    private static final int PAYLOAD = 500;
    private static final int LOW = 2 * 1024;
    private static final int HIGH = 4 * 1024;

    @ParameterizedTest
    @EnumSource(SlowConsumerPolicy.class)
    void whenOneOfAThousandSubscribersNeverReadsThenTheOthersGetEveryMessageInOrderAndItsBacklogStaysBounded(
            SlowConsumerPolicy policy) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, f) -> Reply.none())
                .name("broadcast-" + policy).dispatch(Dispatch.IO).ioThreads(2).maxConnections(SUBSCRIBERS + 10)
                .writeWatermarks(LOW, HIGH).slowConsumerPolicy(policy)
                .socketOptions(new SocketOptions(true, false, 0, 4096)));
                SocketChannel slow = SocketChannel.open();
                Subscribers subscribers = new Subscribers(fixture.port())) {
            slow.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
            slow.connect(new InetSocketAddress("127.0.0.1", fixture.port()));
            OpenConnections open = fixture.server().connections();
            await().atMost(Duration.ofSeconds(30)).until(() -> open.size() == SUBSCRIBERS + 1);
            int slowPort = ((InetSocketAddress) slow.getLocalAddress()).getPort();
            NioConnection slowOnServer = (NioConnection) open.list().stream()
                    .filter(c -> c.remoteAddress().getPort() == slowPort).findFirst().orElseThrow();

            long maxSlowBacklog = 0;
            for (int m = 0; m < MESSAGES; m++) {
                BroadcastResult result = open.broadcast(message(m));
                assertThat(result.delivered() + result.skipped() + result.closed()).isLessThanOrEqualTo(SUBSCRIBERS + 1);
                maxSlowBacklog = Math.max(maxSlowBacklog, slowOnServer.pendingOutboundBytes());
                int expected = m + 1;
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(30))
                        .until(() -> subscribers.minReceived() >= expected);
            }

            assertThat(subscribers.failure()).isNull();
            assertThat(subscribers.minReceived()).isEqualTo(MESSAGES); // every message, in order (checked per line)
            // never more than the watermark plus one message, however long the broadcast goes on
            assertThat(maxSlowBacklog).isLessThanOrEqualTo(HIGH + PAYLOAD + 1);
            if (policy == SlowConsumerPolicy.SKIP) {
                assertThat(fixture.server().stats().broadcastSkippedCount()).isPositive();
                assertThat(fixture.server().stats().slowConsumersClosed()).isZero();
                assertThat(slowOnServer.isOpen()).isTrue();
                Optional<Connection> stillThere = open.find(slowOnServer.id());
                assertThat(stillThere).isPresent();
            } else {
                assertThat(fixture.server().stats().slowConsumersClosed()).isEqualTo(1);
                assertThat(fixture.server().stats().broadcastSkippedCount()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(slowOnServer::isClosed);
                assertThat(slowOnServer.pendingOutboundBytes()).isZero(); // its backlog was discarded
                assertThat(open.find(slowOnServer.id())).isEmpty();
                assertThat(open.size()).isEqualTo(SUBSCRIBERS);
            }
        }
    }

    private static byte[] message(int m) {
        String head = "msg " + m + " ";
        return (head + "x".repeat(PAYLOAD - head.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /** 1,000 connections read by one selector thread, each checking that message n follows n - 1. */
    private static final class Subscribers implements AutoCloseable {

        private final Selector selector = Selector.open();
        private final List<Subscriber> all = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<String> failure = new AtomicReference<>();
        private final Thread reader;

        Subscribers(int port) throws IOException {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                Subscriber subscriber = new Subscriber(channel);
                channel.register(selector, SelectionKey.OP_READ, subscriber);
                all.add(subscriber);
            }
            reader = new Thread(this::readLoop, "broadcast-subscribers");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLoop() {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (running.get()) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Subscriber subscriber = (Subscriber) key.attachment();
                        buffer.clear();
                        int n = subscriber.channel.read(buffer);
                        if (n < 0) {
                            failure.compareAndSet(null, "subscriber closed by the server");
                            key.cancel();
                            continue;
                        }
                        subscriber.consume(buffer.array(), n);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e.toString());
            }
        }

        int minReceived() {
            int min = Integer.MAX_VALUE;
            for (Subscriber subscriber : all) {
                min = Math.min(min, subscriber.received);
            }
            return min;
        }

        String failure() {
            return failure.get();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            selector.wakeup();
            reader.join(5_000);
            for (Subscriber subscriber : all) {
                subscriber.channel.close();
            }
            selector.close();
        }

        private final class Subscriber {
            final SocketChannel channel;
            final StringBuilder line = new StringBuilder();
            volatile int received;

            Subscriber(SocketChannel channel) {
                this.channel = channel;
            }

            void consume(byte[] bytes, int n) {
                for (int i = 0; i < n; i++) {
                    char c = (char) bytes[i];
                    if (c == '\n') {
                        String expected = new String(message(received), StandardCharsets.US_ASCII);
                        String got = line.toString().endsWith("\r") ? line.substring(0, line.length() - 1) : line.toString();
                        if (!got.equals(expected)) {
                            failure.compareAndSet(null, "expected message " + received + " but got "
                                    + got.substring(0, Math.min(20, got.length())));
                        }
                        received++;
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }
}
