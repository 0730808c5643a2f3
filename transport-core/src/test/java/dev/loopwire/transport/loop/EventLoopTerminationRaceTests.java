package dev.loopwire.transport.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#execute} checks the state, then adds the task. A loop that terminates between the two
 * must not drop the task silently: the sender learns it was rejected (a register task dropped there would
 * leak its channel and keep the server from ever finishing its shutdown). The interleaving is forced with a
 * task queue whose add waits until the loop has terminated.
 */
class EventLoopTerminationRaceTests {

    @Test
    void whenTheLoopTerminatesBetweenTheCheckAndTheAddThenTheTaskIsRejectedNotDropped() throws Exception {
        CountDownLatch inAdd = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        Runnable task = () -> ran.set(true);
        ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>() {
            @Override
            public boolean add(Runnable added) {
                if (added == task) {
                    inAdd.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.add(added);
            }
        };
        EventLoop loop = new EventLoop("race", Duration.ofMillis(100), queue, null).start();

        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                loop.execute(task); // passes the state check, then waits inside add
                outcome.complete(null);
            } catch (Throwable rejected) {
                outcome.complete(rejected);
            }
        });
        sender.start();
        assertThat(inAdd.await(10, TimeUnit.SECONDS)).isTrue();
        loop.shutdown().get(10, TimeUnit.SECONDS); // terminates while the sender is between check and add
        release.countDown();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class);
        assertThat(ran).isFalse();
        assertThat(queue).isEmpty();
        assertThat(loop.stats().pendingTasks()).isZero();
        sender.join(10_000);
    }

    @Test
    void whenATaskIsAddedWhileTheLoopShutsDownThenItRunsOrIsRejected() throws Exception {
        for (int round = 0; round < 50; round++) {
            EventLoop loop = new EventLoop("race-" + round, Duration.ofMillis(100)).start();
            AtomicBoolean ran = new AtomicBoolean();
            CompletableFuture<Boolean> rejected = CompletableFuture.supplyAsync(() -> {
                try {
                    loop.execute(() -> ran.set(true));
                    return false;
                } catch (RejectedExecutionException e) {
                    return true;
                }
            });
            loop.shutdown().get(10, TimeUnit.SECONDS);
            boolean wasRejected = rejected.get(10, TimeUnit.SECONDS);
            assertThat(wasRejected || ran.get()).as("round %d: the task ran or its sender was told", round).isTrue();
            assertThat(wasRejected && ran.get()).isFalse();
        }
    }
}
