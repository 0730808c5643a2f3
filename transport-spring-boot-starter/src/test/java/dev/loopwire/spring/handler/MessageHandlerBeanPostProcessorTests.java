package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.AliasFor;

/**
 * {@link MessageHandlerBeanPostProcessor}: {@code @MessageHandler} used as a meta-annotation
 * ({@code @Target(ANNOTATION_TYPE)}) is found, its attributes may be fixed by the composed annotation or
 * overridden at the use site through {@link AliasFor}, and frames reach the method so annotated.
 */
class MessageHandlerBeanPostProcessorTests {

    /** A composed annotation that fixes both attributes. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @MessageHandler(server = "lines", route = "GET")
    @interface GetOnLines {
    }

    /** A composed annotation that fixes the server and lets the use site name the route. */
    @Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
    @Retention(RetentionPolicy.RUNTIME)
    @MessageHandler(server = "lines", route = "unused")
    @interface OnLines {

        @AliasFor(annotation = MessageHandler.class, attribute = "route")
        String value();
    }

    /** Composed twice over: the route comes through two levels of meta-annotation. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @OnLines("DEL")
    @interface DeleteOnLines {
    }

    static class ComposedHandlers {

        @GetOnLines
        String get(String key) {
            return "got:" + key;
        }

        @OnLines("SET")
        String set(String key) {
            return "set:" + key;
        }

        @DeleteOnLines
        String delete(String key) {
            return "deleted:" + key;
        }
    }

    static class NoHandlers {

        String notAHandler(String key) {
            return key;
        }
    }

    @Test
    void whenMethodsCarryComposedAnnotationsThenEachIsRegisteredWithTheMergedServerAndRoute() {
        MessageHandlerRegistrar registrar = new MessageHandlerRegistrar();
        postProcess(registrar, new ComposedHandlers(), "composed");
        assertThat(registrar.endpoints())
                .extracting(MessageHandlerEndpoint::method)
                .extracting(java.lang.reflect.Method::getName)
                .containsExactlyInAnyOrder("get", "set", "delete");
        assertThat(registrar.endpoints()).allSatisfy(endpoint -> {
            assertThat(endpoint.server()).isEqualTo("lines");
            assertThat(endpoint.beanName()).isEqualTo("composed");
        });
        assertThat(routeOf(registrar.endpoints(), "get")).isEqualTo("GET");
    }

    @Test
    void whenComposedAnnotationAliasesRouteThenTheUseSiteValueOverridesTheMetaAnnotationsOwn() {
        MessageHandlerRegistrar registrar = new MessageHandlerRegistrar();
        postProcess(registrar, new ComposedHandlers(), "composed");
        assertThat(routeOf(registrar.endpoints(), "set")).isEqualTo("SET");
        assertThat(routeOf(registrar.endpoints(), "delete")).isEqualTo("DEL");
        assertThat(registrar.endpoints()).extracting(MessageHandlerEndpoint::route).doesNotContain("unused");
    }

    @Test
    void whenBeanHasNoHandlerMethodsThenNothingIsRegistered() {
        MessageHandlerRegistrar registrar = new MessageHandlerRegistrar();
        postProcess(registrar, new NoHandlers(), "plain");
        assertThat(registrar.endpoints()).isEmpty();
    }

    @Test
    void whenComposedAnnotationsAreUsedThenFramesAreRoutedToTheirMethods() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class))
                .withPropertyValues("loopwire.io-threads=1", "loopwire.business.threads=2",
                        "loopwire.servers.lines.host=127.0.0.1", "loopwire.servers.lines.port=0")
                .withBean(ComposedHandlers.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
                    try (TcpClient client = TcpClient.create(1, LineFraming.defaults())) {
                        ClientConnection connection = client.connect("127.0.0.1", port);
                        assertThat(request(connection, "GET a")).isEqualTo("got:a");
                        assertThat(request(connection, "SET b")).isEqualTo("set:b");
                        assertThat(request(connection, "DEL c")).isEqualTo("deleted:c");
                    }
                });
    }

    private static void postProcess(MessageHandlerRegistrar registrar, Object bean, String beanName) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("registrar", registrar);
        new MessageHandlerBeanPostProcessor(beanFactory.getBeanProvider(MessageHandlerRegistrar.class))
                .postProcessAfterInitialization(bean, beanName);
    }

    private static String routeOf(List<MessageHandlerEndpoint> endpoints, String methodName) {
        return endpoints.stream().filter(endpoint -> endpoint.method().getName().equals(methodName))
                .findFirst().orElseThrow().route();
    }

    private static String request(ClientConnection connection, String line) throws Exception {
        byte[] reply = connection.request(line.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        return new String(reply, StandardCharsets.UTF_8);
    }
}
