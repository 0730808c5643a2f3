package dev.loopwire.transport.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.server.ServerFixture;
import dev.loopwire.transport.server.TcpServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTests {

    private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", LoopChooser.roundRobin(),
            Duration.ofMillis(20));
    private final EventLoop loop = group.loops().get(0);

    @AfterEach
    void shutdown() {
        group.close();
    }

    @Test
    void whenTasksComeFromManyThreadsThenEachThreadsTasksRunInOrderOnTheLoopThread() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger offLoop = new AtomicInteger();
        int[][] lastSeen = new int[threads][1];
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 1; i <= perThread; i++) {
                    int value = i;
                    loop.execute(() -> {
                        if (!loop.inLoop()) {
                            offLoop.incrementAndGet();
                        }
                        if (lastSeen[thread][0] != value - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[thread][0] = value;
                        done.countDown();
                    });
                }
            }).start();
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(offLoop).hasValue(0);
        assertThat(outOfOrder).hasValue(0);
        assertThat(seen).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.stats().pendingTasks() == 0);
    }

    @Test
    void whenTimersAreScheduledThenTheyRunInDeadlineOrderAndCancelledOnesDoNot() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(3);
        // scheduled out of deadline order; a stalled test thread may shift a later call's deadline, so the
        // expected order is read from the deadlines the loop actually holds
        Map<Timeout, Integer> labels = new LinkedHashMap<>();
        labels.put(loop.schedule(() -> { order.add(3); ran.countDown(); }, 90, TimeUnit.MILLISECONDS), 3);
        labels.put(loop.schedule(() -> { order.add(1); ran.countDown(); }, 10, TimeUnit.MILLISECONDS), 1);
        Timeout cancelled = loop.schedule(() -> order.add(99), 30, TimeUnit.MILLISECONDS);
        labels.put(loop.schedule(() -> { order.add(2); ran.countDown(); }, 50, TimeUnit.MILLISECONDS), 2);
        assertThat(cancelled.cancel()).isTrue();
        List<Integer> byDeadline = labels.keySet().stream().map(ScheduledTask.class::cast).sorted()
                .map(labels::get).toList();

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactlyElementsOf(byDeadline).doesNotContain(99);
        assertThat(cancelled.isCancelled()).isTrue();
    }

    @Test
    void whenATaskThrowsThenTheLoopSurvivesAndRunsTheNextTask() throws Exception {
        loop.execute(() -> {
            throw new IllegalStateException("task failure on purpose");
        });
        CompletableFuture<String> next = new CompletableFuture<>();
        loop.execute(() -> next.complete(Thread.currentThread().getName()));
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("test-loop-0");
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void whenTheLoopIsBlockedThenItsLagGrowsAndRecoversAfterwards() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.stats().lag().toMillis() >= 300);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.stats().lag().toMillis() < 100);
        assertThat(loop.stats().alive()).isTrue();
        assertThat(loop.stats().iterations()).isPositive();
    }

    @Test
    void whenTheSelectorIsRebuiltThenRegisteredConnectionsKeepWorking() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("rebuild").dispatch(Dispatch.IO).eventLoopGroup(group))) {
            ClientConnection client = fixture.connect();
            assertThat(client.request("before".getBytes(StandardCharsets.US_ASCII)).get(5, TimeUnit.SECONDS))
                    .asString(StandardCharsets.US_ASCII).isEqualTo("before");
            CompletableFuture<Void> rebuilt = new CompletableFuture<>();
            loop.execute(() -> {
                loop.rebuildSelector();
                rebuilt.complete(null);
            });
            rebuilt.get(5, TimeUnit.SECONDS);
            assertThat(loop.selectorRebuilds()).isEqualTo(1);
            assertThat(client.request("after".getBytes(StandardCharsets.US_ASCII)).get(5, TimeUnit.SECONDS))
                    .asString(StandardCharsets.US_ASCII).isEqualTo("after");
        }
    }

    @Test
    void whenTheLoopShutsDownThenItsThreadEndsAndStatsSayNotAlive() throws Exception {
        group.shutdown().get(5, TimeUnit.SECONDS);
        assertThat(loop.isAlive()).isFalse();
        assertThat(loop.stats().alive()).isFalse();
    }
}
