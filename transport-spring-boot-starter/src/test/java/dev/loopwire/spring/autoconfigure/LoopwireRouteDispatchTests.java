package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.annotation.DispatchMode;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.server.TcpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * Dispatch chosen per route: {@code @MessageHandler(dispatch = ...)} and
 * {@code loopwire.servers.<name>.routes.<route>.dispatch} (which wins), on line first-word routes and JSON
 * type-field routes, with real sockets; and the startup errors of a wrong route property.
 */
class LoopwireRouteDispatchTests {

    private static final String[] LINES = { "loopwire.io-threads=1", "loopwire.business.threads=4",
            "loopwire.servers.lines.host=127.0.0.1", "loopwire.servers.lines.port=0" };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireAutoConfiguration.class));

    /** Where a handler runs, in its reply: "loop" for an I/O loop thread, else "business". */
    static String where() {
        return Thread.currentThread().getName().contains("-io-") ? "loop" : "business";
    }

    static class LineRoutes {

        @MessageHandler(server = "lines", route = "PING", dispatch = DispatchMode.IO)
        String ping() {
            return "PONG " + where();
        }

        /** annotated pool, but the property in the tests moves it to the loop */
        @MessageHandler(server = "lines", route = "GET", dispatch = DispatchMode.POOL)
        String get(@Payload String key) {
            return "VALUE " + key + " " + where();
        }

        /** the server's dispatch */
        @MessageHandler(server = "lines", route = "SLOW")
        String slow(@Payload String id) throws InterruptedException {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(2_000));
            return "DONE " + id + " " + where();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LineRoutesConfig {

        @Bean
        LineRoutes lineRoutes() {
            return new LineRoutes();
        }
    }

    @Test
    void whenRoutesOverrideThePoolServerThenEachRunsWhereItSaysAndThePropertyWinsOverTheAnnotation() {
        runner.withUserConfiguration(LineRoutesConfig.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.dispatch=pool",
                        "loopwire.servers.lines.routes.get.dispatch=io")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    int port = port(context, "lines");
                    // alone on a fresh connection nothing is pending: io routes answer on the loop
                    assertThat(exchange(port, "PING\n", 1)).containsExactly("PONG loop");
                    assertThat(exchange(port, "GET a\n", 1)).containsExactly("VALUE a loop");
                    assertThat(exchange(port, "SLOW 1\n", 1)).containsExactly("DONE 1 business");
                });
    }

    @Test
    void whenTheLoopAsksAFramesDispatchThenTheLookupAllocatesNothing() {
        runner.withUserConfiguration(LineRoutesConfig.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.dispatch=pool")
                .run(context -> {
                    RouteDispatch routes = (RouteDispatch) server(context, "lines").config().handler();
                    byte[][] frames = { "PING".getBytes(StandardCharsets.US_ASCII),
                            "get key".getBytes(StandardCharsets.US_ASCII), "SLOW 1".getBytes(StandardCharsets.US_ASCII),
                            "NOPE x".getBytes(StandardCharsets.US_ASCII) };
                    Dispatch[] expected = { Dispatch.IO, Dispatch.POOL, null, null };
                    for (int i = 0; i < frames.length; i++) {
                        assertThat(routes.dispatchFor(frames[i])).as("dispatch of frame %d", i).isEqualTo(expected[i]);
                    }
                    com.sun.management.ThreadMXBean threads =
                            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                    long id = Thread.currentThread().getId();
                    long before = threads.getThreadAllocatedBytes(id);
                    int io = 0;
                    for (int i = 0; i < 200_000; i++) {
                        io += routes.dispatchFor(frames[i & 3]) == Dispatch.IO ? 1 : 0;
                    }
                    long allocated = threads.getThreadAllocatedBytes(id) - before;
                    assertThat(io).isEqualTo(50_000);
                    assertThat(allocated).as("bytes allocated by 200,000 lookups").isLessThan(4_096);
                });
    }

    @Test
    void whenManyPeersPipelineFastAndSlowLineRoutesThenEachGetsItsRepliesInRequestOrder() {
        runner.withUserConfiguration(LineRoutesConfig.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.dispatch=io",
                        "loopwire.servers.lines.routes.SLOW.dispatch=pool")
                .run(context -> {
                    int port = port(context, "lines");
                    ExecutorService peers = Executors.newFixedThreadPool(8);
                    try {
                        List<Future<?>> done = new ArrayList<>();
                        for (int peer = 0; peer < 8; peer++) {
                            long seed = peer;
                            done.add(peers.submit(() -> {
                                pipelineAndCheck(port, new Random(seed), 150);
                                return null;
                            }));
                        }
                        for (Future<?> peer : done) {
                            peer.get(60, TimeUnit.SECONDS);
                        }
                    } finally {
                        peers.shutdownNow();
                    }
                });
    }

    private static void pipelineAndCheck(int port, Random random, int requests) throws IOException {
        StringBuilder pipeline = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                pipeline.append("PING\n");
                expected.add("PONG");
            } else if (kind == 1) {
                pipeline.append("GET k").append(i).append('\n');
                expected.add("VALUE k" + i);
            } else {
                pipeline.append("SLOW ").append(i).append('\n');
                expected.add("DONE " + i + " business");
            }
        }
        List<String> replies = exchange(port, pipeline.toString(), requests);
        for (int i = 0; i < requests; i++) {
            assertThat(replies.get(i)).as("reply %d of %s", i, replies).startsWith(expected.get(i));
        }
    }

    @Test
    void whenARoutePropertyNamesAnUnknownRouteThenStartupFailsNamingServerRouteAndKnownRoutes() {
        runner.withUserConfiguration(LineRoutesConfig.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.routes.PONG.dispatch=io")
                .run(failsWith("loopwire.servers.lines.routes.PONG.dispatch names route 'PONG', but server 'lines'"
                        + " has no such route (its routes: [", "PING", "GET", "SLOW",
                        "name one of the server's @MessageHandler routes, or remove the property"));
    }

    @Test
    void whenARoutePropertyIsSetOnAServerWithoutRouteKeysThenStartupFailsSayingSo() {
        runner.withUserConfiguration(JsonRoutesConfig.class)
                .withPropertyValues("loopwire.servers.orders.host=127.0.0.1", "loopwire.servers.orders.port=0",
                        "loopwire.servers.orders.framing=length-field", "loopwire.servers.orders.payload=json",
                        "loopwire.servers.orders.length-field.type-field.length=1",
                        "loopwire.servers.plain.host=127.0.0.1", "loopwire.servers.plain.port=0",
                        "loopwire.servers.plain.framing=length-field",
                        "loopwire.servers.plain.routes.7.dispatch=io")
                .run(failsWith("loopwire.servers.plain.routes.7.dispatch names route '7', but frames of server "
                        + "'plain' carry no route key"));
    }

    @Test
    void whenARoutePropertyIsVirtualOnJavaBefore21ThenValidationNamesIt() {
        LoopwireProperties properties = new LoopwireProperties();
        LoopwireServerProperties server = new LoopwireServerProperties();
        LoopwireServerProperties.Route route = new LoopwireServerProperties.Route();
        route.setDispatch(Dispatch.VIRTUAL);
        server.getRoutes().put("SLOW", route);
        properties.getServers().put("lines", server);
        assertThatExceptionOfType(LoopwireConfigurationException.class)
                .isThrownBy(() -> new LoopwirePropertiesValidator(17).validate(properties))
                .withMessageContaining("loopwire.servers.lines.routes.SLOW.dispatch is 'virtual', which needs Java 21"
                        + " or later, but this JVM is Java 17; use dispatch 'pool' or run on Java 21+");
        new LoopwirePropertiesValidator(21).validate(properties); // fine on 21
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void whenAnAnnotatedRouteIsVirtualOnJavaBefore21ThenStartupFailsNamingTheMethod() {
        runner.withUserConfiguration(VirtualRouteConfig.class).withPropertyValues(LINES)
                .run(failsWith("VirtualRoute.slow() in bean 'virtualRoute' has dispatch 'virtual', which needs Java 21",
                        "use dispatch 'pool' or run on Java 21+"));
    }

    @Test
    void whenEveryOverrideIsTheServersOwnDispatchThenAllRunThere() {
        runner.withUserConfiguration(LineRoutesConfig.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.routes.ping.dispatch=pool",
                        "loopwire.servers.lines.routes.get.dispatch=pool")
                .run(context -> {
                    // the overrides equal the server's dispatch: the server keeps its plain pool dispatcher
                    TcpServer server = server(context, "lines");
                    assertThat(((RouteDispatch) server.config().handler()).routeDispatches())
                            .containsOnly(Dispatch.POOL);
                    assertThat(exchange(server.port(), "PING\nGET a\n", 2))
                            .containsExactly("PONG business", "VALUE a business");
                });
    }

    static class FallbackOnTheLoop {

        @MessageHandler(server = "echo", dispatch = DispatchMode.IO)
        String echo(String line) {
            return line + " " + where();
        }

        @MessageHandler(server = "echo", route = "SLOW")
        String slow() {
            return "SLOW " + where();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FallbackOnTheLoopConfig {

        @Bean
        FallbackOnTheLoop fallbackOnTheLoop() {
            return new FallbackOnTheLoop();
        }
    }

    @Test
    void whenTheFallbackIsAnnotatedIoThenUnroutedFramesAnswerOnTheLoopAndRoutesInheritThePool() {
        runner.withUserConfiguration(FallbackOnTheLoopConfig.class)
                .withPropertyValues("loopwire.io-threads=1", "loopwire.servers.echo.host=127.0.0.1",
                        "loopwire.servers.echo.port=0", "loopwire.servers.echo.dispatch=pool")
                .run(context -> {
                    int port = port(context, "echo");
                    assertThat(exchange(port, "hello\n", 1)).containsExactly("hello loop");
                    List<String> replies = exchange(port, "SLOW\nhello again\n", 2);
                    assertThat(replies.get(0)).isEqualTo("SLOW business");
                    assertThat(replies.get(1)).startsWith("hello again "); // after SLOW, wherever it ran
                });
    }

    static class VirtualRoute {

        @MessageHandler(server = "lines", route = "SLOW", dispatch = DispatchMode.VIRTUAL)
        String slow() {
            return "DONE " + (Thread.currentThread().getName().isEmpty() ? "virtual" : where());
        }

        @MessageHandler(server = "lines", route = "PING")
        String ping() {
            return "PONG " + where();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void whenAnAnnotatedRouteIsVirtualOnJava21ThenItRunsOnAVirtualThreadInOrderWithLoopRoutes() {
        runner.withUserConfiguration(VirtualRouteConfig.class).withPropertyValues(LINES)
                .withPropertyValues("loopwire.servers.lines.dispatch=io")
                .run(context -> {
                    int port = port(context, "lines");
                    assertThat(exchange(port, "PING\n", 1)).containsExactly("PONG loop");
                    List<String> replies = exchange(port, "SLOW\nPING\nSLOW\n", 3);
                    assertThat(replies.get(0)).isEqualTo("DONE virtual");
                    assertThat(replies.get(1)).startsWith("PONG ");
                    assertThat(replies.get(2)).isEqualTo("DONE virtual");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class VirtualRouteConfig {

        @Bean
        VirtualRoute virtualRoute() {
            return new VirtualRoute();
        }
    }

    // ------------------------------------------------------------------ JSON type-field routes

    record Order(String item, int quantity) {
    }

    record Confirmation(String item, int quantity, String status, String where) {
    }

    static class JsonRoutes {

        /** cheap: answers on the loop */
        @MessageHandler(server = "orders", route = "1", dispatch = DispatchMode.IO)
        Confirmation quote(Order order) {
            return new Confirmation(order.item(), order.quantity(), "quoted", where());
        }

        /** slow: a simulated database call on the pool */
        @MessageHandler(server = "orders", route = "2", dispatch = DispatchMode.POOL)
        Confirmation place(Order order) throws InterruptedException {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(3_000));
            return new Confirmation(order.item(), order.quantity(), "placed", where());
        }

        /** the server's dispatch (io), moved to the pool by the property */
        @MessageHandler(server = "orders", route = "3")
        Confirmation cancel(Order order) {
            return new Confirmation(order.item(), order.quantity(), "cancelled", where());
        }

        @MessageHandler(server = "plain")
        Order plain(Order order) {
            return order;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JsonRoutesConfig {

        @Bean
        JsonRoutes jsonRoutes() {
            return new JsonRoutes();
        }
    }

    @Test
    void whenJsonTypeFieldRoutesMixLoopAndPoolThenRepliesComeInRequestOrder() {
        runner.withUserConfiguration(JsonRoutesConfig.class)
                .withPropertyValues("loopwire.io-threads=1", "loopwire.business.threads=4",
                        "loopwire.servers.orders.host=127.0.0.1", "loopwire.servers.orders.port=0",
                        "loopwire.servers.orders.framing=length-field", "loopwire.servers.orders.payload=json",
                        "loopwire.servers.orders.length-field.type-field.length=1",
                        "loopwire.servers.orders.dispatch=io",
                        "loopwire.servers.orders.routes.0x03.dispatch=pool",
                        "loopwire.servers.plain.host=127.0.0.1", "loopwire.servers.plain.port=0",
                        "loopwire.servers.plain.framing=length-field", "loopwire.servers.plain.payload=json")
                .run(context -> {
                    int port = port(context, "orders");
                    try (TcpClient client = TcpClient.create(1, LengthFieldFraming.defaults())) {
                        ClientConnection alone = client.connect("127.0.0.1", port);
                        assertThat(text(alone.request(frame(1, "{\"item\":\"tea\",\"quantity\":1}"))))
                                .isEqualTo("{\"item\":\"tea\",\"quantity\":1,\"status\":\"quoted\",\"where\":\"loop\"}");
                        assertThat(text(alone.request(frame(3, "{\"item\":\"tea\",\"quantity\":1}"))))
                                .contains("\"status\":\"cancelled\",\"where\":\"business\"");
                        List<ClientConnection> connections = new ArrayList<>();
                        for (int c = 0; c < 4; c++) {
                            connections.add(client.connect("127.0.0.1", port));
                        }
                        Random random = new Random(7);
                        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < 400; i++) {
                            int type = 1 + random.nextInt(3);
                            ClientConnection connection = connections.get(i % connections.size());
                            replies.add(connection.request(frame(type, "{\"item\":\"i" + i + "\",\"quantity\":" + i
                                    + "}")));
                            expected.add("{\"item\":\"i" + i + "\",\"quantity\":" + i + ",\"status\":\""
                                    + (type == 1 ? "quoted" : type == 2 ? "placed" : "cancelled") + "\"");
                        }
                        for (int i = 0; i < replies.size(); i++) {
                            assertThat(text(replies.get(i))).as("reply %d", i).startsWith(expected.get(i));
                        }
                    }
                });
    }

    // ------------------------------------------------------------------ helpers

    private static TcpServer server(AssertableApplicationContext context, String name) {
        return context.getBean(LoopwireServers.class).servers().stream()
                .filter(server -> server.name().equals(name)).findFirst().orElseThrow();
    }

    private static int port(AssertableApplicationContext context, String name) {
        return server(context, name).port();
    }

    /** Writes {@code requests} in small pieces while reading {@code replies} lines back. */
    private static List<String> exchange(int port, String requests, int replies) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            byte[] bytes = requests.getBytes(StandardCharsets.UTF_8);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int at = 0; at < bytes.length; at += 37) {
                        out.write(bytes, at, Math.min(37, bytes.length - at));
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "peer-writer");
            writer.start();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < replies; i++) {
                lines.add(in.readLine());
            }
            return lines;
        }
    }

    private static byte[] frame(int type, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) type;
        System.arraycopy(body, 0, frame, 1, body.length);
        return frame;
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static ContextConsumer<AssertableApplicationContext> failsWith(String... fragments) {
        return context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            for (String fragment : fragments) {
                assertThat(messages.toString()).contains(fragment);
            }
        };
    }
}
