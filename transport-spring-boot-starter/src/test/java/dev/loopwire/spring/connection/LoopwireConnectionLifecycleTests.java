package dev.loopwire.spring.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.annotation.OnConnect;
import dev.loopwire.spring.annotation.OnDisconnect;
import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.transport.AttributeKey;
import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.ConnectionLifecycle;
import dev.loopwire.transport.SlowConsumerPolicy;
import dev.loopwire.transport.server.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** @OnConnect/@OnDisconnect, connection events published only when listened to, LoopwireConnections. */
class LoopwireConnectionLifecycleTests {

    static final AttributeKey<String> USER = AttributeKey.of("test.user", String.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class,
                    LoopwireConnectionAutoConfiguration.class))
            .withPropertyValues("loopwire.io-threads=1", "loopwire.business.threads=2",
                    "loopwire.servers.lines.host=127.0.0.1", "loopwire.servers.lines.port=0");

    @Test
    void whenOnConnectReturnsAGreetingThenItArrivesBeforeTheFirstReplyAndOnDisconnectRunsOnceWithTheReason() {
        runner.withUserConfiguration(Greeter.class).run(context -> {
            Greeter.Handlers handlers = context.getBean(Greeter.Handlers.class);
            int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write("whoami\nwhoami\n".getBytes(StandardCharsets.UTF_8)); // pipelined before reading
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("+OK hello");
                assertThat(in.readLine()).isEqualTo("ada");
                assertThat(in.readLine()).isEqualTo("ada");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> handlers.disconnects.size() == 1);
            assertThat(handlers.disconnects).containsExactly("ada:" + CloseReason.PEER);
        });
    }

    @Test
    void whenTheContextClosesWithAClientConnectedThenOnDisconnectRunsOnceWithShutdown() {
        runner.withUserConfiguration(Greeter.class).run(context -> {
            Greeter.Handlers handlers = context.getBean(Greeter.Handlers.class);
            int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("+OK hello");
                context.close(); // graceful shutdown while the client is connected and silent
                assertThat(in.readLine()).isNull(); // EOF
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> handlers.disconnects.size() == 1);
            assertThat(handlers.disconnects).containsExactly("ada:" + CloseReason.SHUTDOWN);
        });
    }

    @Test
    void whenOnConnectFailsOnACloseServerThenTheClientGetsEofAndOnDisconnectStillRuns() {
        runner.withUserConfiguration(FailingGreeter.class).withPropertyValues("loopwire.servers.lines.on-error=close")
                .run(context -> {
                    FailingGreeter greeter = context.getBean(FailingGreeter.class);
                    int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        socket.setSoTimeout(5_000);
                        socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.UTF_8));
                        assertThat(in.readLine()).isNull(); // no reply to 'hi': the failed greeting closed it
                    }
                    await().atMost(Duration.ofSeconds(5)).until(() -> greeter.reasons.size() == 1);
                    assertThat(greeter.reasons).containsExactly(CloseReason.ERROR);
                    assertThat(greeter.echoed).isEmpty();
                });
    }

    @Test
    void whenNoListenerAndNoLifecycleMethodThenNoEventIsPublishedAndTheServerHasNoLifecycle() {
        runner.withUserConfiguration(EchoOnly.class).run(context -> {
            ConnectionEventPublisher events = context.getBean(ConnectionEventPublisher.class);
            assertThat(events.listensToOpened()).isFalse();
            assertThat(events.listensToClosed()).isFalse();
            TcpServer server = context.getBean(LoopwireServers.class).server("lines").orElseThrow();
            assertThat(server.config().lifecycle()).isSameAs(ConnectionLifecycle.NONE);
            echoOnce(context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class));
        });
    }

    @Test
    void whenAnEventListenerMethodListensThenOpenedAndClosedEventsArePublished() {
        runner.withUserConfiguration(EchoOnly.class, EventListenerMethods.class).run(context -> {
            ConnectionEventPublisher events = context.getBean(ConnectionEventPublisher.class);
            assertThat(events.listensToOpened()).isTrue();
            assertThat(events.listensToClosed()).isTrue();
            EventListenerMethods listener = context.getBean(EventListenerMethods.class);
            echoOnce(context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.events.size() == 2);
            assertThat(listener.events.get(0)).startsWith("opened lines ");
            assertThat(listener.events.get(1)).startsWith("closed lines ").endsWith(" PEER");
        });
    }

    @Test
    void whenOnlyAClosedListenerBeanExistsThenOnlyClosedEventsArePublished() {
        runner.withUserConfiguration(EchoOnly.class, ClosedListenerBean.class).run(context -> {
            ConnectionEventPublisher events = context.getBean(ConnectionEventPublisher.class);
            assertThat(events.listensToOpened()).isFalse();
            assertThat(events.listensToClosed()).isTrue();
            echoOnce(context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class));
            ClosedListenerBean listener = context.getBean(ClosedListenerBean.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.reasons.size() == 1);
            assertThat(listener.reasons).containsExactly(CloseReason.PEER);
        });
    }

    @Test
    void whenSlowConsumerIsSetThenTheServerUsesItAndLoopwireConnectionsBroadcasts() {
        runner.withUserConfiguration(EchoOnly.class).withPropertyValues("loopwire.servers.lines.slow-consumer=close")
                .run(context -> {
                    TcpServer server = context.getBean(LoopwireServers.class).server("lines").orElseThrow();
                    assertThat(server.config().slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.CLOSE);
                    LoopwireConnections connections = context.getBean(LoopwireConnections.class);
                    int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        socket.setSoTimeout(5_000);
                        await().atMost(Duration.ofSeconds(5)).until(() -> connections.connections("lines").size() == 1);
                        long id = connections.connections("lines").get(0).id();
                        assertThat(connections.find(id)).isPresent();
                        assertThat(connections.broadcast("lines", "news").delivered()).isEqualTo(1);
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                        assertThat(in.readLine()).isEqualTo("news");
                    }
                });
    }

    @Test
    void whenAHandlerParameterAsksForAnAttributeThenTheResolverFindsItThroughTheFramesHeaders() {
        runner.withUserConfiguration(Greeter.class).run(context -> {
            ConnectionAttributeArgumentResolver resolver = context.getBean(ConnectionAttributeArgumentResolver.class);
            LoopwireConnections connections = context.getBean(LoopwireConnections.class);
            int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
                await().atMost(Duration.ofSeconds(5)).until(() -> connections.connections("lines").size() == 1);
                long id = connections.connections("lines").get(0).id();
                java.lang.reflect.Method method = AttributeParameters.class.getDeclaredMethod("handle", String.class,
                        String.class);
                org.springframework.core.MethodParameter user = new org.springframework.core.MethodParameter(method, 0);
                org.springframework.core.MethodParameter missing = new org.springframework.core.MethodParameter(method, 1);
                org.springframework.messaging.Message<byte[]> message = org.springframework.messaging.support.MessageBuilder
                        .withPayload(new byte[0]).setHeader(dev.loopwire.spring.handler.LoopwireHeaders.SERVER, "lines")
                        .setHeader(dev.loopwire.spring.handler.LoopwireHeaders.CONNECTION_ID, id).build();
                assertThat(resolver.supportsParameter(user)).isTrue();
                assertThat(resolver.resolveArgument(user, message)).isEqualTo("ada");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolveArgument(missing, message))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no attribute 'test.none'");
            }
        });
    }

    @Test
    void whenAMessageHandlerTakesAConnectionAttributeThenItReceivesTheValueTheConnectCallSet() {
        runner.withUserConfiguration(AttributeHandler.class).run(context -> {
            int port = context.getEnvironment().getProperty("local.loopwire.lines.port", Integer.class);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write("hello\nbye\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("+OK");
                assertThat(in.readLine()).isEqualTo("ada says hello");
                assertThat(in.readLine()).isEqualTo("ada says bye");
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class AttributeHandler {

        @Bean
        Handlers attributeHandlers() {
            return new Handlers();
        }

        static class Handlers {
            @OnConnect(server = "lines")
            String greet(Connection connection) {
                connection.setAttr(USER, "ada");
                return "+OK";
            }

            @MessageHandler(server = "lines")
            String says(@org.springframework.messaging.handler.annotation.Payload String line,
                    @ConnectionAttribute("test.user") String user) {
                return user + " says " + line;
            }
        }
    }

    static class AttributeParameters {
        void handle(@ConnectionAttribute("test.user") String user,
                @ConnectionAttribute(value = "test.none", required = true) String none) {
        }
    }

    private static void echoOnce(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("hi");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Greeter {

        @Bean
        Handlers handlers() {
            return new Handlers();
        }

        static class Handlers {
            final List<String> disconnects = new CopyOnWriteArrayList<>();

            @OnConnect(server = "lines")
            String greet(Connection connection) throws InterruptedException {
                Thread.sleep(20); // the point: a slow greeting, so the pipelined frames wait behind it
                connection.setAttr(USER, "ada");
                return "+OK hello";
            }

            @MessageHandler(server = "lines")
            String whoami(Connection connection) {
                return connection.attr(USER);
            }

            @OnDisconnect(server = "lines")
            void bye(@ConnectionAttribute("test.user") String user, CloseReason reason) {
                disconnects.add(user + ":" + reason);
            }
        }
    }

    static class FailingGreeter {
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        final List<String> echoed = new CopyOnWriteArrayList<>();

        @OnConnect
        String greet() {
            throw new IllegalStateException("no greeting today");
        }

        @MessageHandler
        String echo(String line) {
            echoed.add(line);
            return line;
        }

        @OnDisconnect
        void bye(CloseReason reason) {
            reasons.add(reason);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EchoOnly {

        @Bean
        Echo echo() {
            return new Echo();
        }

        static class Echo {
            @MessageHandler(server = "lines")
            String echo(String line) {
                return line;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventListenerMethods {

        final List<String> events = new CopyOnWriteArrayList<>();

        @EventListener
        void opened(LoopwireConnectionOpenedEvent event) {
            events.add("opened " + event.getServer() + " " + event.getConnectionId());
        }

        @EventListener
        void closed(LoopwireConnectionClosedEvent event) {
            events.add("closed " + event.getServer() + " " + event.getConnectionId() + " " + event.getCloseReason());
        }
    }

    static class ClosedListenerBean implements ApplicationListener<LoopwireConnectionClosedEvent> {

        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(LoopwireConnectionClosedEvent event) {
            reasons.add(event.getCloseReason());
        }
    }
}
