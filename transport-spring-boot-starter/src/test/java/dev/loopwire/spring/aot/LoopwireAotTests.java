package dev.loopwire.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.autoconfigure.LoopwireServerProperties;
import dev.loopwire.spring.client.LoopwireExchangeFactoryBean;
import dev.loopwire.transport.Connection;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;

/** The starter's AOT contributions: which beans get hints, and which hints. */
class LoopwireAotTests {

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void whenRegisteredThenHandlerMethodsMayBeInvokedAndPayloadAndReplyTypesBound() {
        MessageHandlerBeanRegistrationAotProcessor.register(hints.reflection(),
                MessageHandlerBeanRegistrationAotProcessor.handlerMethods(Handlers.class));

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "order")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "failed")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "helper")).rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Confirmation.class))
                .as("unwrapped from CompletableFuture<Confirmation>").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Connection.class)).rejects(hints);
    }

    @Test
    void whenABeanHasNoHandlerMethodsThenTheProcessorContributesNothing() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("handlers", new RootBeanDefinition(Handlers.class));
        beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Order.class));
        RootBeanDefinition exchange = new RootBeanDefinition(LoopwireExchangeFactoryBean.class);
        exchange.getConstructorArgumentValues().addIndexedArgumentValue(0, Runnable.class);
        beanFactory.registerBeanDefinition("exchange", exchange);
        MessageHandlerBeanRegistrationAotProcessor processor = new MessageHandlerBeanRegistrationAotProcessor();

        assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "handlers"))).isNotNull();
        assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
        assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "exchange"))).isNotNull();
    }

    @Test
    void whenPropertiesHintsAreRegisteredThenServerPropertiesCanBeBound() {
        new LoopwireRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(RuntimeHintsPredicates.reflection().onType(LoopwireServerProperties.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LoopwireServerProperties.class,
                "setLingerTimeout")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(LoopwireServerProperties.PostHandshakeLimit.class))
                .accepts(hints);
    }

    @Test
    void whenSpringLoadsAotFactoriesThenTheStartersContributionsAreFound() {
        SpringFactoriesLoader loader = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");
        assertThat(loader.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(LoopwireRuntimeHints.class);
        assertThat(loader.load(BeanRegistrationAotProcessor.class))
                .hasAtLeastOneElementOfType(MessageHandlerBeanRegistrationAotProcessor.class);
    }

    public record Order(String item, int quantity) {
    }

    public record Confirmation(long id) {
    }

    static class Handlers {

        @MessageHandler(route = "ORDER")
        CompletableFuture<Confirmation> order(Order order, Connection connection) {
            return CompletableFuture.completedFuture(new Confirmation(1));
        }

        @MessageExceptionHandler
        String failed(IllegalStateException failure) {
            return failure.getMessage();
        }

        String helper() {
            return "";
        }
    }
}
