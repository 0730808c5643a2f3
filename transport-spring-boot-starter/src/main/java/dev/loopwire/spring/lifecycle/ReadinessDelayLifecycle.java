package dev.loopwire.spring.lifecycle;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the shutdown back for {@code loopwire.shutdown.readiness-delay} before the Loopwire servers (and
 * Boot's web server) stop accepting. Its phase is one above {@link LoopwireServersLifecycle#PHASE}, so Spring
 * stops it first; by then the web application context has published readiness REFUSING_TRAFFIC, which the
 * readiness health group reports as OUT_OF_SERVICE (HTTP 503) while the web server still answers. A load
 * balancer checking readiness marks the instance down during the delay and sends it no new connection; the
 * servers then stop accepting and drain the connections they have.
 *
 * <p>Called by Spring's lifecycle processor: {@link #start} on the main thread, {@link #stop} on the thread
 * that closes the context (usually the shutdown hook), which it blocks for the delay.
 */
public class ReadinessDelayLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadinessDelayLifecycle.class);

    private final Duration delay;
    private volatile boolean running;

    /** @param delay how long {@link #stop} waits; zero for no wait */
    public ReadinessDelayLifecycle(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("loopwire.shutdown.readiness-delay must not be negative, was " + delay);
        }
        this.delay = delay;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Waits for the delay (interrupts end the wait early), then returns. */
    @Override
    public void stop() {
        running = false;
        if (delay.isZero()) {
            return;
        }
        log.info("Readiness is OUT_OF_SERVICE; the servers stop accepting in {} ms (loopwire.shutdown.readiness-delay)",
                delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LoopwireServersLifecycle.PHASE + 1;
    }

    /** How long {@link #stop} waits. */
    public Duration delay() {
        return delay;
    }
}
