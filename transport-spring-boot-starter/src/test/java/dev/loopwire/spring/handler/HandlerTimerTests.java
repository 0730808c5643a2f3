package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.metrics.MicrometerHandlerObservation;
import dev.loopwire.transport.Reply;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The handler timer of the fast path: every frame is one recording of the outcome's timer, a failure
 * included (the core turns it into the error reply); a server without a registry, or whose timer a meter
 * filter denies, reads no clock and answers the same.
 */
class HandlerTimerTests {

    private static final int FRAMES = 1_000;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void whenFramesAreHandledThenTheTimerCountsEveryFrameAndEveryFailure() throws Exception {
        RoutingFrameHandler handler = handler(new MicrometerHandlerObservation(registry));
        TestConnection connection = new TestConnection(1);
        assertThat(handler.invoker("ECHO").timed()).isTrue();

        for (int i = 0; i < FRAMES; i++) {
            assertThat(payload(handler.handle(connection, bytes("ECHO " + i)))).isEqualTo("" + i);
        }
        for (int i = 0; i < 10; i++) {
            byte[] frame = bytes("FAIL " + i);
            assertThatThrownBy(() -> handler.handle(connection, frame)).isInstanceOf(HandlerFailedException.class)
                    .hasRootCauseMessage("failed " + i);
        }

        Timer success = timer("ECHO", "success");
        assertThat(success.count()).isEqualTo(FRAMES);
        assertThat(success.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(success.max(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(timer("ECHO", "error").count()).isZero();
        assertThat(timer("FAIL", "error").count()).isEqualTo(10);
        assertThat(timer("FAIL", "success").count()).isZero();
    }

    @Test
    void whenThereIsNoRegistryThenNoClockIsReadAndFramesGetTheSameReplies() throws Exception {
        RoutingFrameHandler handler = handler(HandlerObservation.NONE);
        TestConnection connection = new TestConnection(1);
        assertThat(handler.invoker("ECHO").timed()).isFalse();

        assertThat(payload(handler.handle(connection, bytes("echo x")))).isEqualTo("x");
        assertThatThrownBy(() -> handler.handle(connection, bytes("fail y")))
                .isInstanceOf(HandlerFailedException.class).hasRootCauseMessage("failed y");
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void whenAMeterFilterDeniesTheTimerThenNoClockIsReadAndFramesGetTheSameReplies() throws Exception {
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(MicrometerHandlerObservation.HANDLER_DURATION));
        RoutingFrameHandler handler = handler(new MicrometerHandlerObservation(registry));
        TestConnection connection = new TestConnection(1);

        assertThat(handler.invoker("ECHO").timed()).isFalse();
        assertThat(payload(handler.handle(connection, bytes("echo x")))).isEqualTo("x");
        assertThatThrownBy(() -> handler.handle(connection, bytes("fail y")))
                .isInstanceOf(HandlerFailedException.class).hasRootCauseMessage("failed y");
        assertThat(registry.find(MicrometerHandlerObservation.HANDLER_DURATION).timers()).isEmpty();
    }

    private Timer timer(String route, String outcome) {
        return registry.get(MicrometerHandlerObservation.HANDLER_DURATION)
                .tags("server", "srv", "route", route, "outcome", outcome).timer();
    }

    private static RoutingFrameHandler handler(HandlerObservation observation) throws Exception {
        RoutingFrameHandlerFactory factory = new RoutingFrameHandlerFactory(JsonMapper.builder().build(),
                observation, null);
        Handlers bean = new Handlers();
        return factory.create(new ServerHandlerSettings("srv", PayloadFormat.TEXT, StandardCharsets.UTF_8,
                RouteExtractor.firstWord(), "use a line server",
                new ErrorReplies(OnError.REPLY, "", PayloadFormat.TEXT, StandardCharsets.UTF_8)),
                List.of(new MessageHandlerEndpoint("handlers", bean, Handlers.class.getMethod("echo", String.class),
                        "srv", "ECHO"),
                        new MessageHandlerEndpoint("handlers", bean, Handlers.class.getMethod("fail", String.class),
                                "srv", "FAIL")));
    }

    private static String payload(Reply reply) {
        return new String(((Reply.Now) reply).payload(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The measured methods. */
    public static class Handlers {

        @MessageHandler(route = "ECHO")
        public String echo(String text) {
            return text;
        }

        @MessageHandler(route = "FAIL")
        public String fail(String text) {
            throw new IllegalStateException("failed " + text);
        }
    }
}
