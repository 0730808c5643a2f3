package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.SlowConsumerPolicy;
import dev.loopwire.transport.connection.ConnectionEvents;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.stats.ServerStats;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-loop traffic cells: each loop adds to its own cells, any other thread (a business thread that writes
 * a reply itself, say) to the shared counters, and {@link ServerStats} reports the sum of both, with no
 * count lost while every writer runs at once.
 */
@Timeout(30)
class LoopConnectionEventsTests {

    private static final int ADDS = 20_000;

    @Test
    void whenTwoLoopsAndAnotherThreadCountAtOnceThenServerStatsSumsEveryEvent() throws Exception {
        ServerStats stats = new ServerStats();
        ServerConnections server = new ServerConnections(stats, 10, new OpenConnections("t", stats, SlowConsumerPolicy.SKIP));
        EventLoop first = new EventLoop("cells-1", Duration.ofSeconds(1)).start();
        EventLoop second = new EventLoop("cells-2", Duration.ofSeconds(1)).start();
        try {
            LoopConnectionEvents onFirst = new LoopConnectionEvents(first, stats.newLoopCells(), server);
            LoopConnectionEvents onSecond = new LoopConnectionEvents(second, stats.newLoopCells(), server);
            CompletableFuture<Void> firstDone = new CompletableFuture<>();
            CompletableFuture<Void> secondDone = new CompletableFuture<>();
            first.execute(() -> {
                count(onFirst);
                firstDone.complete(null);
            });
            second.execute(() -> {
                count(onSecond);
                secondDone.complete(null);
            });
            count(onFirst); // not the first loop's thread: the shared counters take these
            long seenWhileRunning = stats.bytesReceived();
            CompletableFuture.allOf(firstDone, secondDone).get(20, TimeUnit.SECONDS);

            assertThat(seenWhileRunning).isBetween((long) ADDS * 3, (long) ADDS * 3 * 3);
            assertThat(stats.bytesReceived()).isEqualTo(3L * ADDS * 3);
            assertThat(stats.bytesSent()).isEqualTo(3L * ADDS * 5);
            assertThat(stats.framesReceived()).isEqualTo(3L * ADDS * 2);
        } finally {
            first.shutdown().get(5, TimeUnit.SECONDS);
            second.shutdown().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenConnectionEventsGainAMethodThenTheLoopEventsForwardIt() throws Exception {
        // a default method left un-forwarded silently drops that event for every server connection
        for (Method event : ConnectionEvents.class.getMethods()) {
            if (Modifier.isStatic(event.getModifiers())) {
                continue;
            }
            Method implemented = LoopConnectionEvents.class.getMethod(event.getName(), event.getParameterTypes());
            assertThat(implemented.getDeclaringClass()).as(event.getName()).isEqualTo(LoopConnectionEvents.class);
        }
    }

    private static void count(LoopConnectionEvents events) {
        for (int i = 0; i < ADDS; i++) {
            events.bytesRead(3);
            events.bytesWritten(5);
            events.framesReceived(2);
        }
    }
}
