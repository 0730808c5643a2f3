package dev.loopwire.spring.endpoint;

import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.client.LoopwireClients;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code loopwire} actuator endpoint when the actuator is on the classpath, a
 * {@link LoopwireServers} bean exists and the endpoint is available (enabled and exposed, e.g.
 * {@code management.endpoints.web.exposure.include=health,loopwire}).
 */
@AutoConfiguration(after = LoopwireAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class LoopwireEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(LoopwireServers.class)
    @ConditionalOnAvailableEndpoint
    LoopwireEndpoint loopwireEndpoint(LoopwireServers servers, ObjectProvider<LoopwireClients> clients) {
        return new LoopwireEndpoint(servers, () -> {
            LoopwireClients registry = clients.getIfAvailable();
            return registry == null ? Map.of() : registry.describe();
        });
    }
}
