package dev.loopwire.spring.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code loopwire} health indicator ({@code loopwire.health.*}).
 */
@ConfigurationProperties("loopwire.health")
public class LoopwireHealthProperties {

    /**
     * Largest loop lag (how late a loop runs work that is due) still reported as UP. A loop whose lag
     * reaches it, such as an I/O loop blocked by a handler, makes the indicator DOWN. Keep it well above
     * the 100 ms probe interval.
     */
    private Duration maxLoopLag = Duration.ofSeconds(1);

    public Duration getMaxLoopLag() {
        return maxLoopLag;
    }

    public void setMaxLoopLag(Duration maxLoopLag) {
        this.maxLoopLag = maxLoopLag;
    }
}
