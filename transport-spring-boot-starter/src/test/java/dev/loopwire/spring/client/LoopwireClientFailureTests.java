package dev.loopwire.spring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.autoconfigure.FramingType;
import dev.loopwire.spring.client.LoopwireClientProperties.WhenDisconnected;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each failure a client must survive, against raw-socket servers on 127.0.0.1 that misbehave on
 * purpose: what the caller's future gets, and that the client connects again afterwards.
 */
class LoopwireClientFailureTests {

    private final TestClients clients = new TestClients();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        clients.close();
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private FakeServer server(FakeServer.Behavior behavior) throws Exception {
        FakeServer server = new FakeServer(behavior);
        servers.add(server);
        return server;
    }

    /** Answers every line with "+" and the line. */
    private static FakeServer.Behavior echoLines(FakeServer[] self) {
        return (index, socket) -> {
            InputStream in = socket.getInputStream();
            String line;
            while ((line = self[0].readLine(in)) != null) {
                FakeServer.writeLine(socket.getOutputStream(), "+" + line);
            }
        };
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not fail in time", e);
        }
        throw new AssertionError("the future completed normally");
    }

    @Test
    void whenConnectionIsRefusedAndClientFailsFastThenRequestFailsWithClientConnectExceptionNamingClientAndAddress()
            throws Exception {
        int port = freePort();
        LoopwireClient client = clients.client("kv", port, c -> c.setWhenDisconnected(WhenDisconnected.FAIL));

        Throwable first = failure(client.request("PING"));
        assertThat(first).isInstanceOf(ClientConnectException.class)
                .hasMessageContaining("'kv'").hasMessageContaining("127.0.0.1:" + port);
        // the server is known down now: the next request fails at once, without a new wait
        CompletableFuture<String> next = client.request("PING");
        assertThat(next).isCompletedExceptionally();
        assertThat(failure(next)).isInstanceOf(ClientConnectException.class).hasMessageContaining("no connection is open");
        // and the client keeps trying with back-off
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().consecutiveFailures() >= 3);
        assertThat(client.stats().down()).isTrue();
    }

    @Test
    void whenServerComesUpAfterRefusingThenBackoffRetryConnectsAndRequestsSucceed() throws Exception {
        int port = freePort();
        LoopwireClient client = clients.client("kv", port, c -> c.setWhenDisconnected(WhenDisconnected.FAIL));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().consecutiveFailures() >= 2);

        FakeServer[] self = new FakeServer[1];
        self[0] = new FakeServer(port, echoLines(self));
        servers.add(self[0]);

        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().openConnections() == 1);
        assertThat(client.request("PING").get(5, TimeUnit.SECONDS)).isEqualTo("+PING");
        assertThat(client.stats().down()).isFalse();
    }

    @Test
    void whenServerIsDownAndClientWaitsThenRequestFailsAfterConnectTimeout() throws Exception {
        int port = freePort();
        LoopwireClient client = clients.client("kv", port, c -> {
            c.setWhenDisconnected(WhenDisconnected.WAIT);
            c.setConnectTimeout(Duration.ofMillis(300));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().consecutiveFailures() >= 1);

        long start = System.nanoTime();
        CompletableFuture<String> reply = client.request("PING"); // waits for a connection first
        assertThat(failure(reply)).isInstanceOf(ClientConnectException.class)
                .hasMessageContaining("within connect-timeout 300 ms").hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void whenServerClosesMidRequestThenEveryPendingFutureFailsAndTheConnectionIsMadeAgain() throws Exception {
        FakeServer[] self = new FakeServer[1];
        CountDownLatch threeRead = new CountDownLatch(1);
        self[0] = server((index, socket) -> {
            InputStream in = socket.getInputStream();
            if (index == 0) { // read three requests, answer none, hang up
                for (int i = 0; i < 3; i++) {
                    self[0].readLine(in);
                }
                threeRead.countDown();
                socket.close();
                return;
            }
            String line;
            while ((line = self[0].readLine(in)) != null) {
                FakeServer.writeLine(socket.getOutputStream(), "+" + line);
            }
        });
        LoopwireClient client = clients.client("kv", self[0].port(), c -> { });

        List<CompletableFuture<String>> pending = List.of(client.request("A"), client.request("B"), client.request("C"));
        for (CompletableFuture<String> future : pending) {
            assertThat(failure(future)).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("'kv'").hasMessageContaining("closed before the reply");
        }
        assertThat(client.request("D").get(5, TimeUnit.SECONDS)).isEqualTo("+D");
        assertThat(self[0].accepted()).isEqualTo(2);
    }

    @Test
    void whenTheServerHangsUpRightAfterAcceptingThenReconnectsBackOffInsteadOfSpinning() throws Exception {
        FakeServer server = server((index, socket) -> socket.close());
        LoopwireClient client = clients.client("kv", server.port(), c -> { });

        // each hang-up before any reply counts as a failed attempt, so back-off applies
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().consecutiveFailures() >= 3);
        assertThat(client.stats().lastFailure()).contains("closed the connection before answering");
    }

    @Test
    void whenRequestsAreMadeWhileTheFirstConnectionOpensThenTheyAreWrittenInTheOrderTheyWereMade() throws Exception {
        for (int round = 0; round < 20; round++) {
            List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            FakeServer[] self = new FakeServer[1];
            self[0] = server((index, socket) -> {
                InputStream in = socket.getInputStream();
                String line;
                while ((line = self[0].readLine(in)) != null) {
                    received.add(line);
                    FakeServer.writeLine(socket.getOutputStream(), "+" + line);
                }
            });
            LoopwireClient client = clients.client("kv" + round, self[0].port(), c -> { });
            List<CompletableFuture<String>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) { // the first ones wait for the connection, the later ones race its hand-over
                replies.add(client.request("R" + i));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("+R" + i);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("R" + i);
            }
            assertThat(received).as("round %d: order the server read", round).isEqualTo(expected);
        }
    }

    @Test
    void whenReplyTimesOutThenThatFutureFailsAndItsConnectionIsClosedAndReplaced() throws Exception {
        FakeServer[] self = new FakeServer[1];
        self[0] = server((index, socket) -> {
            InputStream in = socket.getInputStream();
            String line;
            while ((line = self[0].readLine(in)) != null) {
                if (line.equals("SLOW")) { // stuck on SLOW: neither it nor anything behind it is answered
                    self[0].drain(in);
                    return;
                }
                FakeServer.writeLine(socket.getOutputStream(), "+" + line);
            }
        });
        LoopwireClient client = clients.client("kv", self[0].port(), c -> c.setRequestTimeout(Duration.ofMillis(200)));
        // connected first: on a loaded machine the connect alone could outlast the 200 ms timeout, and SLOW
        // would then time out unsent and FAST go out on the replacement connection
        assertThat(client.request("WARM").get(5, TimeUnit.SECONDS)).isEqualTo("+WARM");

        CompletableFuture<String> slow = client.request("SLOW");
        CompletableFuture<String> behind = client.request("FAST"); // behind it on the same connection
        assertThat(failure(slow)).isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("request-timeout 200 ms").hasMessageContaining("'kv'");
        // the connection is closed: a late reply to SLOW would otherwise answer FAST
        assertThat(failure(behind)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("another request on it timed out");
        await().atMost(Duration.ofSeconds(5)).until(() -> self[0].clientClosed() == 1);
        assertThat(client.request("AGAIN").get(5, TimeUnit.SECONDS)).isEqualTo("+AGAIN");
        assertThat(self[0].accepted()).isEqualTo(2);
    }

    @Test
    void whenEveryConnectionIsFullThenCallerWaitsBoundedAndGetsTooManyRequests() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        FakeServer[] self = new FakeServer[1];
        self[0] = server((index, socket) -> {
            InputStream in = socket.getInputStream();
            String line;
            while ((line = self[0].readLine(in)) != null) {
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    return;
                }
                FakeServer.writeLine(socket.getOutputStream(), "+" + line);
            }
        });
        LoopwireClient client = clients.client("kv", self[0].port(), c -> {
            c.setMaxInFlightPerConnection(2);
            c.setMaxInFlightWait(Duration.ofMillis(300));
        });
        CompletableFuture<String> first = client.request("1");
        CompletableFuture<String> second = client.request("2");
        long start = System.nanoTime();
        CompletableFuture<String> third = client.request("3"); // waits for room first
        assertThat(failure(third)).isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("2 requests in flight").hasMessageContaining("max-in-flight-per-connection");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

        // a waiter gets the room a reply frees
        CompletableFuture<String> fourth = client.request("4");
        answer.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("+1");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("+2");
        assertThat(fourth.get(5, TimeUnit.SECONDS)).isEqualTo("+4");
    }

    @Test
    void whenReplyFrameIsMalformedThenConnectionClosesAndItsPendingRequestsFail() throws Exception {
        FakeServer[] self = new FakeServer[1];
        self[0] = server((index, socket) -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            try {
                while (true) {
                    byte[] request = new byte[in.readInt()];
                    in.readFully(request);
                    if (index == 0) { // a length far beyond max-frame-length
                        out.writeInt(Integer.MAX_VALUE);
                        out.flush();
                        self[0].drain(in);
                        return;
                    }
                    out.writeInt(request.length);
                    out.write(request);
                    out.flush();
                }
            } catch (java.io.EOFException e) {
                // client closed
            }
        });
        LoopwireClient client = clients.client("orders", self[0].port(), c -> c.setFraming(FramingType.LENGTH_FIELD));

        CompletableFuture<String> bad = client.request("one");
        assertThat(failure(bad)).isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("could not be decoded");
        await().atMost(Duration.ofSeconds(5)).until(() -> self[0].clientClosed() == 1);
        assertThat(client.request("two").get(5, TimeUnit.SECONDS)).isEqualTo("two");
        assertThat(clients.outcomes).contains("orders/none/malformed-reply", "orders/none/success");
    }

    @Test
    void whenStoppedThenInFlightRequestsCompleteWithinTheTimeoutAndLaterOnesFail() throws Exception {
        FakeServer[] self = new FakeServer[1];
        self[0] = server((index, socket) -> {
            InputStream in = socket.getInputStream();
            String line;
            while ((line = self[0].readLine(in)) != null) {
                sleep(200); // the point: a slow server, so requests are still in flight when the client stops
                FakeServer.writeLine(socket.getOutputStream(), "+" + line);
            }
        });
        LoopwireClient client = clients.client("kv", self[0].port(), c -> { });
        assertThat(client.request("warm").get(5, TimeUnit.SECONDS)).isEqualTo("+warm");

        CompletableFuture<String> inFlight = client.request("last");
        CompletableFuture<Void> stopped = client.stop(Duration.ofSeconds(5));
        assertThat(failure(client.request("late"))).isInstanceOf(ClientStoppedException.class);
        assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("+last");
        stopped.get(5, TimeUnit.SECONDS);
        assertThat(client.stats().openConnections()).isZero();
    }

    @Test
    void whenStoppedAndTheServerNeverAnswersThenPendingRequestsFailAtTheTimeout() throws Exception {
        FakeServer[] self = new FakeServer[1];
        self[0] = server((index, socket) -> self[0].drain(socket.getInputStream()));
        LoopwireClient client = clients.client("kv", self[0].port(), c -> { });
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().openConnections() == 1);

        CompletableFuture<String> never = client.request("hello");
        client.stop(Duration.ofMillis(200)).get(5, TimeUnit.SECONDS);
        assertThat(failure(never)).isInstanceOf(ClientStoppedException.class).hasMessageContaining("'kv'");
    }

    @Test
    void whenTheClientThreadsAreShutDownThenARequestFailsInsteadOfThrowing() throws Exception {
        int port = freePort();
        LoopwireClient client = clients.client("kv", port, c -> { });
        clients.threads.scheduler().shutdownNow();

        assertThat(failure(client.request("PING"))).isInstanceOf(ClientStoppedException.class)
                .hasMessageContaining("'kv'");
        client.stop(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void whenIdleLongerThanIdleTimeoutThenConnectionClosesAndTheNextRequestOpensOne() throws Exception {
        FakeServer[] self = new FakeServer[1];
        self[0] = server(echoLines(self));
        LoopwireClient client = clients.client("kv", self[0].port(), c -> c.setIdleTimeout(Duration.ofMillis(200)));
        assertThat(client.request("one").get(5, TimeUnit.SECONDS)).isEqualTo("+one");

        await().atMost(Duration.ofSeconds(5)).until(() -> self[0].clientClosed() == 1);
        assertThat(client.stats().openConnections()).isZero();
        assertThat(client.stats().down()).isFalse();
        assertThat(client.request("two").get(5, TimeUnit.SECONDS)).isEqualTo("+two");
        assertThat(self[0].accepted()).isEqualTo(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port nothing listens on (bound, then released). */
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
