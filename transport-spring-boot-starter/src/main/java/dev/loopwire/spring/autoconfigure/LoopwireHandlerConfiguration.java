package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.handler.MessageHandlerBeanPostProcessor;
import dev.loopwire.spring.handler.MessageHandlerRegistrar;
import dev.loopwire.spring.handler.RoutingFrameHandlerFactory;
import dev.loopwire.spring.observation.LoopwireHandlerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code @MessageHandler} pipeline: the bean post-processor that finds handler methods, the registry
 * it fills, and the factory that turns them into one routing handler per server. Imported by
 * {@link LoopwireAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class LoopwireHandlerConfiguration {

    /** Finds {@code @MessageHandler} methods; static, as bean post-processors are created early. */
    @Bean
    @ConditionalOnMissingBean
    public static MessageHandlerBeanPostProcessor loopwireMessageHandlerBeanPostProcessor(
            ObjectProvider<MessageHandlerRegistrar> registry) {
        return new MessageHandlerBeanPostProcessor(registry);
    }

    /** The handler methods found. */
    @Bean
    @ConditionalOnMissingBean
    public MessageHandlerRegistrar loopwireMessageHandlerRegistrar() {
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
    public RoutingFrameHandlerFactory loopwireRoutingFrameHandlerFactory(ObjectProvider<JsonMapper> jsonMapper,
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
