package dev.loopwire.spring.metrics;

import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.spring.autoconfigure.LoopwireProperties;
import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.LoopwireServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Publishes Loopwire metrics to Micrometer when {@code micrometer-core} is on the classpath and a
 * {@link LoopwireServers} bean and a {@link MeterRegistry} bean exist: {@link LoopwireMetrics} (bound by
 * Spring Boot like any {@link MeterBinder}) and {@link MicrometerHandlerObservation} (the counters of
 * unrouted frames and invalid payloads, and the handler timers when
 * {@code loopwire.metrics.handler-duration.enabled=true}). Either backs off for a user bean of its type.
 */
@AutoConfiguration(after = LoopwireAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
public final class LoopwireMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ LoopwireServers.class, MeterRegistry.class })
    LoopwireMetrics loopwireMetrics(LoopwireServers servers) {
        return new LoopwireMetrics(servers);
    }

    @Bean
    @ConditionalOnMissingBean(HandlerObservation.class)
    @ConditionalOnBean({ LoopwireServers.class, MeterRegistry.class })
    MicrometerHandlerObservation loopwireHandlerObservation(MeterRegistry registry,
            ObjectProvider<LoopwireProperties> properties) {
        LoopwireProperties bound = properties.getIfAvailable();
        return new MicrometerHandlerObservation(registry,
                bound != null && bound.getMetrics().getHandlerDuration().isEnabled());
    }
}
