package dev.loopwire.benchmarks.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEDA's bounded stages push back instead of growing, and its reorder step keeps replies in order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SedaServerTests {

    @Test
    void whenAStageQueueIsFullThenSubmitBlocksUntilTheStageCatchesUp() throws Exception {
        try (SedaStage stage = new SedaStage("test", 1, 2, false).start()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            stage.submit(0, () -> {
                running.countDown();
                release.await();
                ran.incrementAndGet();
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            stage.submit(1, ran::incrementAndGet);
            stage.submit(2, ran::incrementAndGet);
            Thread submitter = new Thread(() -> {
                try {
                    stage.submit(3, ran::incrementAndGet);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            submitter.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> submitter.getState() == Thread.State.WAITING);
            assertThat(stage.highWater()).isEqualTo(2);
            assertThat(ran).hasValue(0);
            release.countDown();
            submitter.join(10_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 4);
            assertThat(stage.highWater()).isLessThanOrEqualTo(stage.capacity());
        }
    }

    @Test
    void whenALaterRequestFinishesFirstThenItsReplyWaitsForTheEarlierOne() throws Exception {
        try (SedaServer server = new SedaServer(1, 4, 16)) {
            int port = server.start();
            try (LineClient client = new LineClient(port)) {
                client.send(List.of("WAIT 300 first", "ECHO second", "CPU 10 third"));
                assertThat(client.read(3)).containsExactly("first", "second", "third");
            }
        }
    }

    @Test
    void whenQueuesAreTinyUnderASmallLoadThenEveryReplyArrivesInOrderWithinTheBounds() throws Exception {
        try (SedaServer server = new SedaServer(2, 2, 2)) {
            int port = server.start();
            List<LineClient> clients = new ArrayList<>();
            try {
                List<List<String>> sent = new ArrayList<>();
                for (int c = 0; c < 6; c++) {
                    LineClient client = new LineClient(port);
                    clients.add(client);
                    List<String> requests = LabModelsTests.requests(c, 40);
                    sent.add(requests);
                    client.send(requests);
                }
                for (int c = 0; c < 6; c++) {
                    assertThat(clients.get(c).read(40)).containsExactlyElementsOf(LabModelsTests.expected(sent.get(c)));
                }
            } finally {
                for (LineClient client : clients) {
                    client.close();
                }
            }
            for (SedaStage stage : server.stages()) {
                assertThat(stage.highWater()).isLessThanOrEqualTo(2);
            }
            assertThat(server.stages()[1].highWater()).as("the handle queue filled up: the bound was exercised")
                    .isEqualTo(2);
        }
    }
}
