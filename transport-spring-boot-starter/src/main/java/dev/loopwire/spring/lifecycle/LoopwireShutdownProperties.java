package dev.loopwire.spring.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Loopwire shutdown ({@code loopwire.shutdown.*}).
 */
@ConfigurationProperties("loopwire.shutdown")
public class LoopwireShutdownProperties {

    /**
     * How long to wait, at the start of shutdown, before the servers stop accepting connections. Readiness
     * is already OUT_OF_SERVICE (Boot sets it to REFUSING_TRAFFIC when the context closes), so a load
     * balancer that checks {@code /actuator/health/readiness} takes the instance out before it refuses
     * connections. Set it above the balancer's check interval times its fall count (HAProxy:
     * {@code inter} x {@code fall}); leave it 0 when nothing checks readiness (Kubernetes: use a
     * {@code preStop} sleep instead). Counts toward nothing else: the drain that follows still has the
     * whole {@code spring.lifecycle.timeout-per-shutdown-phase}.
     */
    private Duration readinessDelay = Duration.ofSeconds(0);

    public Duration getReadinessDelay() {
        return readinessDelay;
    }

    public void setReadinessDelay(Duration readinessDelay) {
        this.readinessDelay = readinessDelay;
    }
}
