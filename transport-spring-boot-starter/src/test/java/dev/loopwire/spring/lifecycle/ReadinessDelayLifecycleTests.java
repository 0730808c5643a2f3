package dev.loopwire.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

/**
 * {@code loopwire.shutdown.readiness-delay}: bound from the property (0 by default, negative refused at
 * startup), and on close the lifecycles in the servers' phase stop only after the delay has passed.
 */
class ReadinessDelayLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class));

    @Test
    void whenNotSetThenThereIsNoDelay() {
        runner.run(context -> assertThat(context.getBean(ReadinessDelayLifecycle.class).delay()).isZero());
    }

    @Test
    void whenSetThenTheBeanWaitsThatLong() {
        runner.withPropertyValues("loopwire.shutdown.readiness-delay=250ms").run(context -> assertThat(
                context.getBean(ReadinessDelayLifecycle.class).delay()).isEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void whenNegativeThenStartupFailsNamingTheProperty() {
        runner.withPropertyValues("loopwire.shutdown.readiness-delay=-1s").run(context -> assertThat(
                context.getStartupFailure()).isNotNull().rootCause()
                .hasMessageContaining("loopwire.shutdown.readiness-delay"));
    }

    /** The servers' phase (and Boot's web server graceful shutdown, the same phase) stops after the delay. */
    @Test
    void whenTheContextClosesThenTheServersPhaseStopsOnlyAfterTheDelay() {
        List<String> events = new CopyOnWriteArrayList<>();
        long[] stoppedAt = new long[1];
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(ReadinessDelayLifecycle.class, () -> new ReadinessDelayLifecycle(Duration.ofMillis(300)));
        context.registerBean("servers", SmartLifecycle.class, () -> new Recording(events, stoppedAt));
        context.refresh();
        long closing = System.nanoTime();
        context.close();

        assertThat(events).containsExactly("start", "stop");
        assertThat(Duration.ofNanos(stoppedAt[0] - closing)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void whenStoppingThenItStopsBeforeTheServersLifecycle() {
        assertThat(new ReadinessDelayLifecycle(Duration.ZERO).getPhase()).isGreaterThan(LoopwireServersLifecycle.PHASE);
    }

    /** Stands for the servers: a lifecycle in their phase that records when it is stopped. */
    private static final class Recording implements SmartLifecycle {
        private final List<String> events;
        private final long[] stoppedAt;
        private volatile boolean running;

        Recording(List<String> events, long[] stoppedAt) {
            this.events = events;
            this.stoppedAt = stoppedAt;
        }

        @Override
        public void start() {
            running = true;
            events.add("start");
        }

        @Override
        public void stop() {
            stoppedAt[0] = System.nanoTime();
            running = false;
            events.add("stop");
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return LoopwireServersLifecycle.PHASE;
        }
    }
}
