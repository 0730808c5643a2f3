package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.handler.FrameHandlerRegistration;
import dev.loopwire.spring.lifecycle.ServerListeningEvent;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What happens when servers start: events, port properties, direct handlers, customizers, proxies, threads. */
class LoopwireServerStartupTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class))
            .withPropertyValues(LoopwireAutoConfigurationTests.LINES);

    @Test
    void whenServerListensThenEventIsPublishedAndPortPropertySet() {
        List<ServerListeningEvent> events = new CopyOnWriteArrayList<>();
        runner.withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
                .withBean("listener", ApplicationListener.class,
                        () -> (ApplicationListener<ServerListeningEvent>) events::add)
                .run(context -> {
                    TcpServer server = LoopwireAutoConfigurationTests.server(context.getBean(LoopwireServers.class),
                            "lines");
                    assertThat(events).singleElement().satisfies(event -> {
                        assertThat(event.getServerName()).isEqualTo("lines");
                        assertThat(event.getPort()).isEqualTo(server.port()).isPositive();
                    });
                    assertThat(context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class))
                            .isEqualTo(server.port());
                });
    }

    @Test
    void whenFrameHandlerRegistrationDeclaredThenItServesTheServer() {
        runner.withBean(FrameHandlerRegistration.class,
                () -> new FrameHandlerRegistration("lines", (connection, frame) -> Reply.of(("raw:" + new String(frame,
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))))
                .run(context -> {
                    int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
                    assertThat(request(port, "hello")).isEqualTo("raw:hello");
                });
    }

    @Test
    void whenCustomizerDeclaredThenItAdjustsTheServerConfiguration() {
        runner.withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
                .withBean(LoopwireServerCustomizer.class, () -> (name, builder) -> builder.backlog(7))
                .run(context -> assertThat(LoopwireAutoConfigurationTests.server(
                        context.getBean(LoopwireServers.class), "lines").config().backlog()).isEqualTo(7));
    }

    @Test
    void whenHandlerBeanIsAClassProxyThenItsMethodsAreFoundAndInvokedThroughTheProxy() {
        runner.withUserConfiguration(ProxiedHandlerConfig.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean("proxiedHandler"))).isTrue();
            int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
            assertThat(request(port, "PING")).isEqualTo("PONG");
        });
    }

    @Test
    void whenHandlerNamesNoServerAndOneIsConfiguredThenItServesThatServer() {
        runner.withUserConfiguration(UnnamedServerConfig.class).run(context -> {
            int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
            assertThat(request(port, "abc")).isEqualTo("ABC");
        });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void whenVirtualThreadsEnabledOnJava21ThenBusinessWorkRunsOnVirtualThreads() {
        runner.withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
                .withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            ExecutorService executor = (ExecutorService) context.getBean(LoopwireAutoConfiguration.BUSINESS_EXECUTOR_BEAN_NAME);
            assertThat(executor).isNotInstanceOf(ThreadPoolExecutor.class);
            Method isVirtual = Thread.class.getMethod("isVirtual");
            assertThat(executor.submit(() -> isVirtual.invoke(Thread.currentThread())).get(5, TimeUnit.SECONDS))
                    .isEqualTo(Boolean.TRUE);
        });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void whenVirtualThreadsEnabledBeforeJava21ThenBoundedPoolIsKept() {
        runner.withUserConfiguration(LoopwireAutoConfigurationTests.LinesHandler.class)
                .withPropertyValues("spring.threads.virtual.enabled=true").run(context -> assertThat(
                context.getBean(LoopwireAutoConfiguration.BUSINESS_EXECUTOR_BEAN_NAME))
                .isInstanceOf(ThreadPoolExecutor.class));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void whenDispatchVirtualOnJava21ThenServerRunsHandlersOnVirtualThreads() {
        runner.withUserConfiguration(ThreadReportingConfig.class)
                .withPropertyValues("loopwire.servers.lines.dispatch=virtual").run(context -> {
                    int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
                    assertThat(request(port, "THREAD")).isEqualTo("virtual=true");
                });
    }

    static String request(int port, String line) throws Exception {
        try (TcpClient client = TcpClient.create(1, LineFraming.defaults())) {
            CompletableFuture<byte[]> reply = client.connect("127.0.0.1", port)
                    .request(line.getBytes(StandardCharsets.UTF_8));
            return new String(reply.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProxiedHandlerConfig {

        @Bean
        Object proxiedHandler() {
            ProxyFactory factory = new ProxyFactory(new PingHandler());
            factory.setProxyTargetClass(true);
            return factory.getProxy();
        }
    }

    static class PingHandler {

        @MessageHandler(server = "lines", route = "PING")
        public String ping() {
            return "PONG";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnnamedServerConfig {

        @Bean
        Upper upper() {
            return new Upper();
        }
    }

    static class Upper {

        @MessageHandler
        String upper(String line) {
            return line.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadReportingConfig {

        @Bean
        ThreadReporter threadReporter() {
            return new ThreadReporter();
        }
    }

    static class ThreadReporter {

        @MessageHandler(route = "THREAD")
        String thread() throws Exception {
            return "virtual=" + Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        }
    }
}
