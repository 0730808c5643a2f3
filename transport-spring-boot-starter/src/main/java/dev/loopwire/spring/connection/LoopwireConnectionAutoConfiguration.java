package dev.loopwire.spring.connection;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.spring.autoconfigure.LoopwireProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.beans.factory.config.BeanDefinition;

/**
 * Connection lifecycle for Loopwire servers: {@code @OnConnect}/{@code @OnDisconnect} discovery, the
 * connection events, the slow-consumer policy, and the {@link LoopwireConnections} bean for lookups and
 * broadcast.
 */
@AutoConfiguration(after = LoopwireAutoConfiguration.class)
@ConditionalOnBean(LoopwireServers.class)
public final class LoopwireConnectionAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static ConnectionLifecycleRegistry loopwireConnectionLifecycleRegistry() {
        return new ConnectionLifecycleRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    static ConnectionLifecycleBeanPostProcessor loopwireConnectionLifecycleBeanPostProcessor(
            ConnectionLifecycleRegistry registry) {
        return new ConnectionLifecycleBeanPostProcessor(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionEventPublisher loopwireConnectionEventPublisher(ApplicationContext context) {
        return new ConnectionEventPublisher(context);
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionLifecycleCustomizer loopwireConnectionLifecycleCustomizer(LoopwireProperties properties,
            ConnectionLifecycleRegistry registry, ConnectionEventPublisher events) {
        return new ConnectionLifecycleCustomizer(properties, registry, events);
    }

    @Bean
    @ConditionalOnMissingBean
    LoopwireConnections loopwireConnections(LoopwireServers servers) {
        return new LoopwireConnections(servers);
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionAttributeArgumentResolver loopwireConnectionAttributeArgumentResolver(LoopwireConnections connections) {
        return new ConnectionAttributeArgumentResolver(connections);
    }
}
