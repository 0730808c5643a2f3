package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.handler.ErrorReplies;
import dev.loopwire.spring.handler.MessageHandlerBeanPostProcessor;
import dev.loopwire.spring.handler.MessageHandlerRegistrar;
import dev.loopwire.spring.handler.OnError;
import dev.loopwire.spring.handler.PayloadFormat;
import dev.loopwire.spring.handler.RoutingFrameHandlerFactory;
import dev.loopwire.spring.lifecycle.LoopwireServersLifecycle;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans, defaults, properties and back-off of {@link LoopwireAutoConfiguration}. */
class LoopwireAutoConfigurationTests {

    static final String[] LINES = { "loopwire.io-threads=1", "loopwire.business.threads=2",
            "loopwire.servers.lines.host=127.0.0.1", "loopwire.servers.lines.port=0" };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class));

    @Test
    void whenNothingConfiguredThenSharedExecutionUsesDefaultsAndNoServerRuns() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventLoopGroup.class).loops())
                    .hasSize(Runtime.getRuntime().availableProcessors());
            assertThat(context.getBean(LoopwireAutoConfiguration.BUSINESS_EXECUTOR_BEAN_NAME))
                    .isInstanceOfSatisfying(ThreadPoolExecutor.class,
                            pool -> assertThat(pool.getMaximumPoolSize()).isEqualTo(16));
            assertThat(context.getBean(LoopwireServers.class).servers()).isEmpty();
            LoopwireServersLifecycle lifecycle = context.getBean(LoopwireServersLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.getPhase()).isEqualTo(Integer.MAX_VALUE - 1024);
            assertThat(lifecycle.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(context).hasSingleBean(MessageHandlerBeanPostProcessor.class)
                    .hasSingleBean(MessageHandlerRegistrar.class).hasSingleBean(RoutingFrameHandlerFactory.class);
        });
    }

    @Test
    void whenServerHasOnlyHostAndPortThenDocumentedDefaultsApply() {
        runner.withUserConfiguration(LinesHandler.class).withPropertyValues(LINES).run(context -> {
            TcpServerConfig config = server(context.getBean(LoopwireServers.class), "lines").config();
            assertThat(config.framing()).isInstanceOfSatisfying(LineFraming.class, framing -> {
                assertThat(framing.delimiter()).isEqualTo(LineDelimiter.AUTO);
                assertThat(framing.maxLineLength()).isEqualTo(8 * 1024);
                assertThat(framing.tooLongAction()).isEqualTo(TooLongFrameAction.CLOSE);
            });
            assertThat(config.dispatch()).isEqualTo(Dispatch.POOL);
            assertThat(config.maxConnections()).isEqualTo(10_000);
            assertThat(config.maxPendingFrames()).isEqualTo(10_000);
            assertThat(config.connectionSettings()).isEqualTo(new ConnectionSettings(32 * 1024, 64 * 1024, Duration.ZERO));
            assertThat(config.failurePolicy()).isInstanceOf(ErrorReplies.class);
            assertThat(config.businessExecutor())
                    .isSameAs(context.getBean(LoopwireAutoConfiguration.BUSINESS_EXECUTOR_BEAN_NAME));
            assertThat(config.eventLoopGroup()).isSameAs(context.getBean(EventLoopGroup.class));
        });
        LoopwireServerProperties defaults = new LoopwireServerProperties();
        assertThat(defaults.getPort()).isZero();
        assertThat(defaults.getHost()).isEqualTo("0.0.0.0");
        assertThat(defaults.getPayload()).isEqualTo(PayloadFormat.TEXT);
        assertThat(defaults.getOnError()).isEqualTo(OnError.REPLY);
        assertThat(defaults.getFraming()).isEqualTo(FramingType.LINE);
    }

    @Test
    void whenLineServerPropertiesSetThenServerUsesEachOfThem() {
        runner.withUserConfiguration(LinesHandler.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.line.delimiter=crlf",
                        "loopwire.servers.lines.line.max-length=100B",
                        "loopwire.servers.lines.on-too-long=discard",
                        "loopwire.servers.lines.dispatch=io",
                        "loopwire.servers.lines.max-connections=5",
                        "loopwire.servers.lines.idle-timeout=5m",
                        "loopwire.servers.lines.max-pending-replies=16",
                        "loopwire.servers.lines.write-buffer.low=1KB",
                        "loopwire.servers.lines.write-buffer.high=2KB",
                        "loopwire.business.max-pending-frames=50")
                .run(context -> {
                    TcpServerConfig config = server(context.getBean(LoopwireServers.class), "lines").config();
                    assertThat(config.framing()).isInstanceOfSatisfying(LineFraming.class, framing -> {
                        assertThat(framing.delimiter()).isEqualTo(LineDelimiter.CRLF);
                        assertThat(framing.maxLineLength()).isEqualTo(100);
                        assertThat(framing.tooLongAction()).isEqualTo(TooLongFrameAction.DISCARD);
                    });
                    assertThat(config.dispatch()).isEqualTo(Dispatch.IO);
                    assertThat(config.businessExecutor()).isNull();
                    assertThat(config.maxConnections()).isEqualTo(5);
                    assertThat(config.maxPendingFrames()).isEqualTo(50);
                    assertThat(config.maxPendingReplies()).isEqualTo(16);
                    assertThat(config.connectionSettings())
                            .isEqualTo(new ConnectionSettings(1024, 2048, Duration.ofMinutes(5)));
                    assertThat(config.host()).isEqualTo("127.0.0.1");
                });
    }

    @Test
    void whenDeprecatedQueueCapacitySetThenItSetsMaxPendingFrames() {
        runner.withUserConfiguration(LinesHandler.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.business.queue-capacity=77")
                .run(context -> assertThat(server(context.getBean(LoopwireServers.class), "lines").config()
                        .maxPendingFrames()).isEqualTo(77));
    }

    @Test
    void whenIoAndBusinessThreadsSetThenSharedExecutionHasThatSize() {
        runner.withPropertyValues("loopwire.io-threads=3", "loopwire.business.threads=5").run(context -> {
            assertThat(context.getBean(EventLoopGroup.class).loops()).hasSize(3);
            assertThat(context.getBean(LoopwireServers.class).businessPoolStats().maxThreads()).isEqualTo(5);
        });
    }

    @Test
    void whenShutdownTimeoutConfiguredThenLifecycleUsesIt() {
        runner.withPropertyValues("loopwire.io-threads=1", "spring.lifecycle.timeout-per-shutdown-phase=7s")
                .run(context -> assertThat(context.getBean(LoopwireServersLifecycle.class).shutdownTimeout())
                        .isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void whenLoopwireDisabledThenNoLoopwireBeansExist() {
        runner.withUserConfiguration(LinesHandler.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.enabled=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(EventLoopGroup.class)
                        .doesNotHaveBean(LoopwireServers.class)
                        .doesNotHaveBean(LoopwireServersLifecycle.class)
                        .doesNotHaveBean(MessageHandlerBeanPostProcessor.class));
    }

    @Test
    void whenUserDefinesSharedExecutionBeansThenAutoConfigurationBacksOff() {
        runner.withUserConfiguration(UserExecution.class, LinesHandler.class).withPropertyValues(LINES)
                .run(context -> {
                    assertThat(context).hasSingleBean(EventLoopGroup.class).hasSingleBean(LoopwireServers.class);
                    Object userLoops = context.getBean("userLoops");
                    assertThat(context.getBean(LoopwireServers.class).ioLoops()).isSameAs(userLoops);
                    TcpServerConfig config = server(context.getBean(LoopwireServers.class), "lines").config();
                    assertThat(config.eventLoopGroup()).isSameAs(userLoops);
                    assertThat(config.businessExecutor())
                            .isSameAs(context.getBean(LoopwireAutoConfiguration.BUSINESS_EXECUTOR_BEAN_NAME))
                            .isNotInstanceOf(ThreadPoolExecutor.class);
                });
    }

    @Test
    void whenUserDefinesPipelineBeansThenAutoConfigurationBacksOff() {
        runner.withUserConfiguration(UserPipeline.class).withPropertyValues("loopwire.io-threads=1").run(context -> {
            assertThat(context).hasSingleBean(MessageHandlerRegistrar.class)
                    .hasSingleBean(RoutingFrameHandlerFactory.class).hasSingleBean(LoopwireServersLifecycle.class);
            assertThat(context.getBean(MessageHandlerRegistrar.class)).isSameAs(UserPipeline.REGISTRY);
            assertThat(context.getBean(LoopwireServersLifecycle.class).shutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void whenHandlerObservationDeclaredThenRecordersAreAskedPerRoute() {
        java.util.List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
        runner.withUserConfiguration(RoutedHandlers.class).withPropertyValues(LINES)
                .withBean(HandlerObservation.class, () -> (server, route) -> {
                    routes.add(server + "/" + route);
                    return HandlerObservation.NONE.recorderFor(server, route);
                })
                .run(context -> assertThat(routes).containsExactlyInAnyOrder("lines/GET", "lines/default", "lines/" + HandlerObservation.NO_ROUTE));
    }

    static TcpServer server(LoopwireServers servers, String name) {
        return servers.server(name).orElseThrow(() -> new AssertionError("no server " + name));
    }

    @Configuration(proxyBeanMethods = false)
    static class LinesHandler {

        @Bean
        Echo echo() {
            return new Echo();
        }
    }

    static class Echo {

        @MessageHandler(server = "lines")
        String echo(String line) {
            return line;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RoutedHandlers {

        @Bean
        Routed routed() {
            return new Routed();
        }
    }

    static class Routed {

        @MessageHandler(server = "lines", route = "get")
        String get(String key) {
            return key;
        }

        @MessageHandler(server = "lines")
        String other(String line) {
            return line;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserExecution {

        @Bean(destroyMethod = "close")
        EventLoopGroup userLoops() {
            return new EventLoopGroup(1, "user-io", LoopChooser.roundRobin());
        }

        @Bean(name = LoopwireAutoConfiguration.BUSINESS_EXECUTOR_BEAN_NAME, destroyMethod = "shutdown")
        ExecutorService userBusiness() {
            return java.util.concurrent.Executors.newSingleThreadExecutor();
        }

        @Bean
        LoopwireServers userServers(EventLoopGroup loops) {
            return new LoopwireServers(loops, null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserPipeline {

        static final MessageHandlerRegistrar REGISTRY = new MessageHandlerRegistrar();

        @Bean
        MessageHandlerRegistrar userRegistry() {
            return REGISTRY;
        }

        @Bean
        RoutingFrameHandlerFactory userHandlerFactory() {
            return new RoutingFrameHandlerFactory(tools.jackson.databind.json.JsonMapper.builder().build(),
                    HandlerObservation.NONE, null);
        }

        @Bean
        LoopwireServersLifecycle userLifecycle(LoopwireServers servers) {
            return new LoopwireServersLifecycle(java.util.List::of, servers, Duration.ofSeconds(1));
        }
    }
}
