package dev.loopwire.benchmarks;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.Dispatch;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Loopwire through the Spring Boot starter, as an application runs it: a Spring Boot application with
 * actuator, the Prometheus registry and the management endpoints served over HTTP on 127.0.0.1 (random
 * port), one server {@code echo} from {@code loopwire.servers.echo.*} properties and a
 * {@code @MessageHandler} method answering each frame with its payload, in {@code io} or {@code pool}
 * dispatch. Line framing: a text server, {@code String echo(String line)}; length framing: a binary
 * server, {@code byte[] echo(byte[] frame)}. Measures what the starter adds to the core.
 */
public final class LoopwireStarterEchoPeer implements EchoPeer {

    /** The property that turns the opt-in {@code loopwire.handler.duration} timer on. */
    public static final String HANDLER_TIMER = "loopwire.metrics.handler-duration.enabled";

    private final String name;
    private final Dispatch dispatch;
    /** properties added to (or replacing) the peer's own */
    private final Map<String, String> extraProperties;
    private ConfigurableApplicationContext context;

    /**
     * @param name     the peer's name
     * @param dispatch the server's dispatch ({@code io} or {@code pool})
     */
    public LoopwireStarterEchoPeer(String name, Dispatch dispatch) {
        this(name, dispatch, Map.of());
    }

    /**
     * @param name            the peer's name
     * @param dispatch        the server's dispatch ({@code io} or {@code pool})
     * @param extraProperties application properties added to the peer's own, e.g. {@link #HANDLER_TIMER}
     */
    public LoopwireStarterEchoPeer(String name, Dispatch dispatch, Map<String, String> extraProperties) {
        this.name = name;
        this.dispatch = dispatch;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int start(BenchFraming framing, int maxFrameLength) {
        Map<String, Object> properties = new HashMap<>();
        if (framing == BenchFraming.LINE) {
            properties.put("loopwire.servers.echo.framing", "line");
            properties.put("loopwire.servers.echo.line.delimiter", "lf");
            properties.put("loopwire.servers.echo.line.max-length", maxFrameLength + "B");
            properties.put("loopwire.servers.echo.payload", "text");
        } else {
            properties.put("loopwire.servers.echo.framing", "length-field");
            properties.put("loopwire.servers.echo.length-field.max-frame-length", (maxFrameLength + 4) + "B");
            properties.put("loopwire.servers.echo.payload", "binary");
        }
        properties.put("loopwire.servers.echo.host", "127.0.0.1");
        properties.put("loopwire.servers.echo.port", "0");
        properties.put("loopwire.servers.echo.dispatch", dispatch.name().toLowerCase(Locale.ROOT));
        properties.put("loopwire.servers.echo.max-connections", "20000");
        properties.put("loopwire.business.threads", String.valueOf(NettyEchoPeer.defaultExecutorThreads()));
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("management.endpoints.web.exposure.include", "health,prometheus");
        properties.put("spring.main.register-shutdown-hook", "false");
        properties.putAll(extraProperties);
        context = new SpringApplicationBuilder(framing == BenchFraming.LINE ? LineEchoApplication.class
                : FrameEchoApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties)
                .run();
        return context.getEnvironment().getRequiredProperty("local.loopwire.echo.port", Integer.class);
    }

    /** Whether the running application records the {@code loopwire.handler.duration} timer, for the start-up line. */
    public boolean handlerTimed() {
        return context != null && context.getBeansOfType(MeterRegistry.class).values().stream()
                .anyMatch(registry -> !registry.find("loopwire.handler.duration").timers().isEmpty());
    }

    /** The meter registries of the running application, for the peer's start-up line. */
    public String registries() {
        return context == null ? "" : String.join(",", context.getBeansOfType(MeterRegistry.class).values().stream()
                .map(registry -> registry.getClass().getSimpleName()).toList());
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** The application of the line scenarios: the starter's auto-configuration plus one text handler. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class LineEchoApplication {

        @Bean
        LineEcho lineEcho() {
            return new LineEcho();
        }
    }

    /** The application of the length-field scenarios: one binary handler. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FrameEchoApplication {

        @Bean
        FrameEcho frameEcho() {
            return new FrameEcho();
        }
    }

    /** Replies with the line it got. */
    public static class LineEcho {

        @MessageHandler(server = "echo")
        public String echo(String line) {
            return line;
        }
    }

    /** Replies with the frame it got. */
    public static class FrameEcho {

        @MessageHandler(server = "echo")
        public byte[] echo(byte[] frame) {
            return frame;
        }
    }
}
