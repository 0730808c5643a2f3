package dev.loopwire.spring.health;

import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.spring.LoopwireServers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code loopwire} health indicator when {@code spring-boot-health} is on the classpath, a
 * {@link LoopwireServers} bean exists and {@code management.health.loopwire.enabled} is not false.
 * Add it to the liveness group with
 * {@code management.endpoint.health.group.liveness.include=livenessState,loopwire}: a stalled loop then
 * fails the liveness probe.
 */
@AutoConfiguration(after = LoopwireAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnEnabledHealthIndicator("loopwire")
@EnableConfigurationProperties(LoopwireHealthProperties.class)
public final class LoopwireHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(value = LoopwireHealthIndicator.class,
            name = { "loopwireHealthIndicator", "loopwireHealthContributor" })
    @ConditionalOnBean(LoopwireServers.class)
    LoopwireHealthIndicator loopwireHealthIndicator(LoopwireServers servers, LoopwireHealthProperties properties) {
        return new LoopwireHealthIndicator(servers, properties.getMaxLoopLag());
    }
}
