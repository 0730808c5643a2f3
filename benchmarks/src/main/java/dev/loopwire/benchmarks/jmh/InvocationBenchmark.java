package dev.loopwire.benchmarks.jmh;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.handler.ErrorReplies;
import dev.loopwire.spring.handler.MessageHandlerEndpoint;
import dev.loopwire.spring.handler.OnError;
import dev.loopwire.spring.handler.PayloadFormat;
import dev.loopwire.spring.handler.RouteExtractor;
import dev.loopwire.spring.handler.RoutingFrameHandlerFactory;
import dev.loopwire.spring.handler.ServerHandlerSettings;
import dev.loopwire.spring.metrics.MicrometerHandlerObservation;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.loop.EventLoop;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.messaging.handler.annotation.Payload;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invocation alone, no sockets: one frame through a core {@link FrameHandler} that returns it, and
 * through the starter's {@code @MessageHandler} handler built by {@link RoutingFrameHandlerFactory} (the
 * object the starter hands the core) for methods taking {@code byte[]} (a binary server, no route),
 * {@code String} (a line server, routed by its first word: {@code ECHO} answers its argument,
 * {@code PING} the constant {@code +PONG}) and a JSON POJO. The handler timer records into a Prometheus
 * registry, as in an application with actuator; {@code messageHandlerBytesNoRegistry} is the byte[] method
 * without any registry (no timer), which shows the timer's share. The difference to
 * {@code coreFrameHandler} is what the starter adds per frame. Run it with {@code -prof gc} for the bytes
 * allocated per frame ({@code gc.alloc.rate.norm}), the figure a busy machine does not blur.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main InvocationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InvocationBenchmark {

    private final Connection connection = new IdleConnection();
    private final byte[] binaryFrame = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final byte[] lineFrame = "echo 0123456789abcdef0123456789ab".getBytes(StandardCharsets.US_ASCII);
    private final byte[] pingFrame = "PING".getBytes(StandardCharsets.US_ASCII);
    private final byte[] jsonFrame = "{\"id\":42,\"name\":\"loopwire\"}".getBytes(StandardCharsets.US_ASCII);

    private FrameHandler core;
    private FrameHandler bytes;
    private FrameHandler bytesNoRegistry;
    private FrameHandler text;
    private FrameHandler json;

    @Setup
    public void setUp() throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        HandlerObservation observation = new MicrometerHandlerObservation(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        RoutingFrameHandlerFactory factory = new RoutingFrameHandlerFactory(mapper, observation, null);
        Handlers handlers = new Handlers();
        core = (connection, frame) -> Reply.of(frame);
        bytes = factory.create(settings("bytes", PayloadFormat.BINARY, null),
                List.of(endpoint(handlers, "bytes", "", byte[].class)));
        bytesNoRegistry = new RoutingFrameHandlerFactory(mapper, HandlerObservation.NONE, null).create(
                settings("bytes", PayloadFormat.BINARY, null), List.of(endpoint(handlers, "bytes", "", byte[].class)));
        text = factory.create(settings("text", PayloadFormat.TEXT, RouteExtractor.firstWord()),
                List.of(endpoint(handlers, "text", "ECHO", String.class),
                        endpoint(handlers, "ping", "PING")));
        json = factory.create(settings("json", PayloadFormat.JSON, null),
                List.of(endpoint(handlers, "json", "", Item.class)));
        for (FrameHandler handler : List.of(bytes, text, json)) {
            if (!(handler.handle(connection, handler == text ? lineFrame : handler == json ? jsonFrame : binaryFrame)
                    instanceof Reply.Now)) {
                throw new IllegalStateException("no immediate reply from " + handler);
            }
        }
    }

    @Benchmark
    public Reply coreFrameHandler() throws Exception {
        return core.handle(connection, binaryFrame);
    }

    @Benchmark
    public Reply messageHandlerBytes() throws Exception {
        return bytes.handle(connection, binaryFrame);
    }

    @Benchmark
    public Reply messageHandlerBytesNoRegistry() throws Exception {
        return bytesNoRegistry.handle(connection, binaryFrame);
    }

    @Benchmark
    public Reply messageHandlerStringRouted() throws Exception {
        return text.handle(connection, lineFrame);
    }

    @Benchmark
    public Reply messageHandlerStringConstant() throws Exception {
        return text.handle(connection, pingFrame);
    }

    @Benchmark
    public Reply messageHandlerJsonPojo() throws Exception {
        return json.handle(connection, jsonFrame);
    }

    private static ServerHandlerSettings settings(String server, PayloadFormat format, RouteExtractor routes) {
        return new ServerHandlerSettings(server, format, StandardCharsets.UTF_8, routes, "use a line server",
                new ErrorReplies(OnError.REPLY, "", format, StandardCharsets.UTF_8));
    }

    private static MessageHandlerEndpoint endpoint(Handlers bean, String method, String route, Class<?>... types)
            throws NoSuchMethodException {
        Method target = Handlers.class.getMethod(method, types);
        return new MessageHandlerEndpoint("handlers", bean, target, "", route);
    }

    /** A JSON body. */
    public record Item(int id, String name) {
    }

    /** The {@code @MessageHandler} methods measured. */
    public static class Handlers {

        @MessageHandler
        public byte[] bytes(@Payload byte[] frame) {
            return frame;
        }

        @MessageHandler(route = "ECHO")
        public String text(String line) {
            return line;
        }

        @MessageHandler(route = "PING")
        public String ping() {
            return "+PONG";
        }

        @MessageHandler
        public Item json(Item item) {
            return item;
        }
    }

    /** A connection that is never written to: the handlers only read its id and address. */
    private static final class IdleConnection implements Connection {

        private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 40000);
        private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

        @Override
        public long id() {
            return 1;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return address;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void send(byte[] frame) {
        }

        @Override
        public void close() {
        }

        @Override
        public EventLoop eventLoop() {
            return null;
        }

        @Override
        public ConcurrentMap<String, Object> attributes() {
            return attributes;
        }
    }
}
