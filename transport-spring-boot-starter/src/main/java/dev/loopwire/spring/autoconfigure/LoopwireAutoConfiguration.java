package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.handler.FrameHandlerRegistration;
import dev.loopwire.spring.handler.MessageHandlerBeanPostProcessor;
import dev.loopwire.spring.handler.MessageHandlerRegistrar;
import dev.loopwire.spring.handler.RoutingFrameHandlerFactory;
import dev.loopwire.spring.lifecycle.LocalPortPropertyListener;
import dev.loopwire.spring.lifecycle.LoopwireServersLifecycle;
import dev.loopwire.spring.lifecycle.LoopwireShutdownProperties;
import dev.loopwire.spring.lifecycle.ReadinessDelayLifecycle;
import dev.loopwire.spring.observation.LoopwireHandlerObservationConvention;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import dev.loopwire.transport.server.BusinessExecutors;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loopwire TCP servers from {@code loopwire.servers.*}: the shared I/O loops and business executor, the
 * server factory (which validates the properties), and the lifecycle that starts and gracefully stops
 * the servers, and (nested) the {@code @MessageHandler} pipeline. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnBooleanProperty(name = "loopwire.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LoopwireProperties.class, LoopwireShutdownProperties.class })
public final class LoopwireAutoConfiguration {

    /** The name of the shared business executor bean. */
    public static final String BUSINESS_EXECUTOR_BEAN_NAME = "loopwireBusinessExecutor";

    /** Boot's default for {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The I/O loops every server shares ({@code loopwire.io-threads}). Validates all of {@code loopwire.*}
     * first, so a mistake fails startup with every problem named before any loop thread starts.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EventLoopGroup loopwireIoLoops(LoopwireProperties properties) {
        LoopwirePropertiesValidator.forThisJvm().validate(properties); // throws with the properties named
        return new EventLoopGroup(properties.getIoThreads(), "loopwire-io", LoopChooser.roundRobin());
    }

    /**
     * The business executor of servers with {@code dispatch: pool}: virtual threads when
     * {@code spring.threads.virtual.enabled=true} on Java 21+, else a bounded pool of
     * {@code loopwire.business.threads} whose queue holds one drain task per connection at most.
     */
    @Bean(name = BUSINESS_EXECUTOR_BEAN_NAME, destroyMethod = "shutdown")
    @ConditionalOnMissingBean(name = BUSINESS_EXECUTOR_BEAN_NAME)
    ExecutorService loopwireBusinessExecutor(LoopwireProperties properties, Environment environment) {
        if (Threading.VIRTUAL.isActive(environment)) {
            return BusinessExecutors.virtualThreads();
        }
        long connections = properties.getServers().values().stream()
                .filter(server -> server.getDispatch() == Dispatch.POOL)
                .mapToLong(server -> Math.max(server.getMaxConnections(), 1))
                .sum();
        int queueCapacity = (int) Math.min(Integer.MAX_VALUE, Math.max(1024, connections));
        return BusinessExecutors.bounded("loopwire-business", Math.max(1, properties.getBusiness().getThreads()),
                queueCapacity);
    }

    /** The registry of running servers, read by health, metrics and the actuator endpoint. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireServers loopwireServers(EventLoopGroup ioLoops,
            @Qualifier(BUSINESS_EXECUTOR_BEAN_NAME) Executor businessExecutor) {
        return new LoopwireServers(ioLoops, businessExecutor);
    }

    /** Builds the servers from the properties; validates them when created. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireServerFactory loopwireServerFactory(LoopwireProperties properties, EventLoopGroup ioLoops,
            @Qualifier(BUSINESS_EXECUTOR_BEAN_NAME) Executor businessExecutor, MessageHandlerRegistrar registry,
            RoutingFrameHandlerFactory handlerFactory, ObjectProvider<FrameHandlerRegistration> registrations,
            ObjectProvider<LoopwireServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
        return new LoopwireServerFactory(properties, ioLoops, businessExecutor, registry, handlerFactory,
                registrations.orderedStream().toList(), customizers.orderedStream().toList(),
                sslBundles.getIfAvailable());
    }

    /** Starts the servers and stops them gracefully within {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireServersLifecycle loopwireServersLifecycle(LoopwireServerFactory factory, LoopwireServers servers,
            Environment environment) {
        Duration timeout = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        return new LoopwireServersLifecycle(factory::createServers, servers, timeout);
    }

    /**
     * Waits {@code loopwire.shutdown.readiness-delay} at the start of shutdown, with readiness already
     * OUT_OF_SERVICE, before the servers stop accepting: time for a load balancer to take the instance out.
     */
    @Bean
    @ConditionalOnMissingBean
    ReadinessDelayLifecycle loopwireReadinessDelay(LoopwireShutdownProperties shutdown) {
        return new ReadinessDelayLifecycle(shutdown.getReadinessDelay());
    }

    /** Publishes {@code local.loopwire.<name>.port}. */
    @Bean
    @ConditionalOnMissingBean
    LocalPortPropertyListener loopwireLocalPortPropertyListener(Environment environment) {
        return new LocalPortPropertyListener(environment);
    }

    /**
     * The {@code @MessageHandler} pipeline: the bean post-processor that finds handler methods, the registrar
     * it fills, and the factory that turns them into one routing handler per server.
     */
    @Configuration(proxyBeanMethods = false)
    static final class HandlerConfiguration {

        /** Finds {@code @MessageHandler} methods; static, as bean post-processors are created early. */
        @Bean
        @ConditionalOnMissingBean
        static MessageHandlerBeanPostProcessor loopwireMessageHandlerBeanPostProcessor(
                ObjectProvider<MessageHandlerRegistrar> registry) {
            return new MessageHandlerBeanPostProcessor(registry);
        }

        /** The handler methods found. */
        @Bean
        @ConditionalOnMissingBean
        MessageHandlerRegistrar loopwireMessageHandlerRegistrar() {
            return new MessageHandlerRegistrar();
        }

        /**
         * Builds each server's routing handler; uses the application's {@link JsonMapper} when it has exactly
         * one, the {@link HandlerObservation} bean when present, the application's {@link Validator} (e.g.
         * from spring-boot-starter-validation; the primary or first one when there are several) to check
         * {@code @Valid} payloads, and, when {@code loopwire.observations.enabled} is true, its
         * {@link ObservationRegistry} to observe invocations.
         */
        @Bean
        @ConditionalOnMissingBean
        RoutingFrameHandlerFactory loopwireRoutingFrameHandlerFactory(ObjectProvider<JsonMapper> jsonMapper,
                ObjectProvider<HandlerObservation> observation, BeanFactory beanFactory,
                ObjectProvider<Validator> validators, ObjectProvider<ObservationRegistry> observations,
                ObjectProvider<LoopwireHandlerObservationConvention> convention, LoopwireProperties properties) {
            Validator validator = validators.getIfUnique(() -> validators.orderedStream().findFirst().orElse(null));
            return new RoutingFrameHandlerFactory(jsonMapper.getIfUnique(() -> JsonMapper.builder().build()),
                    observation.getIfAvailable(() -> HandlerObservation.NONE), beanFactory, validator,
                    properties.getObservations().isEnabled() ? observations.getIfUnique() : null,
                    convention.getIfUnique());
        }
    }
}
