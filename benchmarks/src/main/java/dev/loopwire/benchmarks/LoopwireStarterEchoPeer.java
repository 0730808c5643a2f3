package dev.loopwire.benchmarks;

import dev.loopwire.spring.annotation.MessageHandler;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * Loopwire through the Spring Boot starter, as an application would use it: a server from
 * {@code loopwire.servers.echo.*} properties and a {@code @MessageHandler} bean method that returns its
 * payload, in pool dispatch. Measures what the spring-messaging invocation adds to the core.
 */
public final class LoopwireStarterEchoPeer implements EchoPeer {

    private ConfigurableApplicationContext context;

    @Override
    public String name() {
        return "loopwire-starter";
    }

    @Override
    public int start(Framing framing, int maxFrameLength) {
        Map<String, Object> properties = framing == Framing.LINE
                ? Map.of("loopwire.servers.echo.framing", "line",
                        "loopwire.servers.echo.line.delimiter", "lf",
                        "loopwire.servers.echo.line.max-length", maxFrameLength + "B")
                : Map.of("loopwire.servers.echo.framing", "length-field",
                        "loopwire.servers.echo.length-field.max-frame-length", (maxFrameLength + 4) + "B");
        context = new SpringApplicationBuilder(EchoApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties)
                .properties(Map.of(
                        "loopwire.servers.echo.host", "127.0.0.1",
                        "loopwire.servers.echo.port", "0",
                        "loopwire.servers.echo.payload", "binary",
                        "loopwire.servers.echo.dispatch", "pool",
                        "loopwire.servers.echo.max-connections", "20000",
                        "loopwire.business.threads", String.valueOf(NettyEchoPeer.defaultExecutorThreads())))
                .run();
        return context.getEnvironment().getRequiredProperty("local.loopwire.echo.port", Integer.class);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** The application: the starter's auto-configuration plus one handler bean. */
    @SpringBootApplication(proxyBeanMethods = false)
    static class EchoApplication {

        @org.springframework.context.annotation.Bean
        EchoHandler echoHandler() {
            return new EchoHandler();
        }
    }

    /** Replies with the frame it got. */
    static class EchoHandler {

        @MessageHandler(server = "echo")
        public byte[] echo(@Payload byte[] frame) {
            return frame;
        }
    }
}
