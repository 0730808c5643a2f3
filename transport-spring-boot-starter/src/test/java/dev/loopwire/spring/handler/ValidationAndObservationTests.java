package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.observation.LoopwireHandlerContext;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code @Valid} payloads with and without a validator, and the {@code loopwire.handler} observation with
 * and without an observation registry, on the invoker the server would run.
 */
class ValidationAndObservationTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Connection connection = connection(42);
    private final LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeValidator() {
        validator.close();
    }

    @Test
    void whenThereIsNoValidatorThenValidPayloadsAreNotCheckedAndTakeTheFastPath() {
        RoutingFrameHandler handler = handler(null, null);

        assertThat(handler.invoker("CHECKED").compiled()).isTrue();
        assertThat(text(handler.handle(connection, bytes("CHECKED {\"quantity\":0}")))).isEqualTo("checked 0");
    }

    @Test
    void whenThereIsAValidatorThenAViolationIsAnsweredWithTheErrorReplyAndTheMethodDoesNotRun() {
        validator.afterPropertiesSet();
        RoutingFrameHandler handler = handler(validator, null);

        assertThat(handler.invoker("CHECKED").compiled()).as("validated: left to spring-messaging").isFalse();
        assertThat(handler.invoker("PLAIN").compiled()).as("not validated: fast path").isTrue();
        assertThat(text(handler.handle(connection, bytes("CHECKED {\"quantity\":0}"))))
                .isEqualTo("-ERR invalid payload: quantity must be greater than or equal to 1");
        assertThat(text(handler.handle(connection, bytes("CHECKED {\"quantity\":7}")))).isEqualTo("checked 7");
        assertThat(text(handler.handle(connection, bytes("PLAIN {\"quantity\":0}")))).isEqualTo("plain 0");
    }

    @Test
    void whenThereIsNoObservationRegistryThenInvokersHaveNoObserver() {
        assertThat(handler(null, null).invoker("CHECKED").observed()).isFalse();
        assertThat(handler(null, ObservationRegistry.NOOP).invoker("CHECKED").observed()).isFalse();
    }

    @Test
    void whenTheRegistryHasNoHandlerThenNothingIsObservedAndNoMdcEntryIsSet() {
        RoutingFrameHandler handler = handler(null, ObservationRegistry.create());

        assertThat(text(handler.handle(connection, bytes("MDC")))).isEqualTo("mdc null");
    }

    @Test
    void whenAHandlerReturnsThenOneObservationWithServerRouteOutcomeAndConnectionIsCurrentWhileItRuns() {
        RoutingFrameHandler handler = handler(null, recordingRegistry());

        assertThat(text(handler.handle(connection, bytes("MDC")))).isEqualTo("mdc 42");
        assertThat(MDC.get(HandlerObserver.MDC_KEY)).as("cleared after the handler").isNull();
        assertThat(seen).hasSize(1);
        Seen observation = seen.get(0);
        assertThat(observation.name).isEqualTo("loopwire.handler");
        assertThat(observation.low).containsExactlyInAnyOrderEntriesOf(
                Map.of("loopwire.server", "srv", "loopwire.route", "MDC", "outcome", "success"));
        assertThat(observation.high).containsExactlyInAnyOrderEntriesOf(Map.of("loopwire.connection.id", "42"));
        assertThat(observation.error).isNull();
        assertThat(observation.contextual).isEqualTo("loopwire MDC");
    }

    @Test
    void whenAHandlerThrowsThenTheObservationEndsWithOutcomeErrorAndTheException() {
        RoutingFrameHandler handler = handler(null, recordingRegistry());

        assertThatThrownBy(() -> handler.handle(connection, bytes("FAIL"))).isInstanceOf(HandlerFailedException.class);
        assertThat(seen).singleElement().satisfies(observation -> {
            assertThat(observation.low).containsEntry("outcome", "error").containsEntry("loopwire.route", "FAIL");
            assertThat(observation.error).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        });
    }

    @Test
    void whenAPayloadIsInvalidThenTheOutcomeIsInvalid() {
        validator.afterPropertiesSet();
        RoutingFrameHandler handler = handler(validator, recordingRegistry());

        handler.handle(connection, bytes("CHECKED {\"quantity\":5000}"));
        assertThat(seen).singleElement().satisfies(observation -> assertThat(observation.low)
                .containsEntry("outcome", "invalid"));
    }

    @Test
    void whenTheReplyIsAsynchronousThenTheObservationStopsWhenItCompletesWithTheScopeOnTheCompletingThread()
            throws Exception {
        RoutingFrameHandler handler = handler(null, recordingRegistry());
        Handlers.pending = new CompletableFuture<>();

        Reply reply = handler.handle(connection, bytes("LATER"));
        assertThat(seen).as("not stopped while the reply is pending").isEmpty();
        Thread completer = new Thread(() -> Handlers.pending.complete("done"), "completer");
        completer.start();
        completer.join(5_000);

        Reply.Now done = (Reply.Now) ((Reply.Later) reply).stage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(new String(done.payload(), StandardCharsets.UTF_8)).isEqualTo("done");
        assertThat(seen).singleElement().satisfies(observation -> {
            assertThat(observation.low).containsEntry("outcome", "success").containsEntry("loopwire.route", "LATER");
            assertThat(observation.scopeThreads).contains("completer");
            assertThat(observation.mdcInScopes).contains("42");
        });

        Handlers.pending = new CompletableFuture<>();
        Reply failed = handler.handle(connection, bytes("LATER"));
        Handlers.pending.completeExceptionally(new IllegalArgumentException("payment refused"));
        assertThat(((Reply.Later) failed).stage().toCompletableFuture()).failsWithin(5, TimeUnit.SECONDS);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).low).containsEntry("outcome", "error");
        assertThat(seen.get(1).error).isInstanceOf(IllegalArgumentException.class);
    }

    private ObservationRegistry recordingRegistry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

            private final Map<Observation.Context, Seen> open = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void onStart(Observation.Context context) {
                open.put(context, new Seen());
            }

            @Override
            public void onScopeOpened(Observation.Context context) {
                Seen current = open.get(context);
                current.scopeThreads.add(Thread.currentThread().getName());
                current.mdcInScopes.add(String.valueOf(MDC.get(HandlerObserver.MDC_KEY)));
            }

            @Override
            public void onStop(Observation.Context context) {
                Seen done = open.remove(context);
                done.name = context.getName();
                done.contextual = context.getContextualName();
                context.getLowCardinalityKeyValues().forEach(kv -> done.low.put(kv.getKey(), kv.getValue()));
                context.getHighCardinalityKeyValues().forEach(kv -> done.high.put(kv.getKey(), kv.getValue()));
                done.error = context.getError();
                seen.add(done);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof LoopwireHandlerContext;
            }
        });
        return registry;
    }

    private RoutingFrameHandler handler(LocalValidatorFactoryBean validator, ObservationRegistry registry) {
        RoutingFrameHandlerFactory factory = new RoutingFrameHandlerFactory(MAPPER, HandlerObservation.NONE, null,
                validator, registry, null);
        Handlers bean = new Handlers();
        List<MessageHandlerEndpoint> endpoints = new ArrayList<>();
        for (Method method : Handlers.class.getDeclaredMethods()) {
            MessageHandler annotation = method.getAnnotation(MessageHandler.class);
            if (annotation != null) {
                endpoints.add(new MessageHandlerEndpoint("handlers", bean, method, "srv", annotation.route()));
            }
        }
        ErrorReplies errors = new ErrorReplies(OnError.REPLY, "-ERR %s", PayloadFormat.JSON, StandardCharsets.UTF_8);
        return factory.create(new ServerHandlerSettings("srv", PayloadFormat.JSON, StandardCharsets.UTF_8,
                RouteExtractor.firstWord(), "", errors), endpoints);
    }

    private static Connection connection(long id) {
        Connection connection = mock(Connection.class);
        when(connection.id()).thenReturn(id);
        return connection;
    }

    private static String text(Reply reply) {
        return new String(((Reply.Now) reply).payload(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One stopped observation as the handler saw it. */
    static final class Seen {
        String name;
        String contextual;
        final Map<String, String> low = new TreeMap<>();
        final Map<String, String> high = new TreeMap<>();
        final List<String> scopeThreads = new CopyOnWriteArrayList<>();
        final List<String> mdcInScopes = new CopyOnWriteArrayList<>();
        Throwable error;
    }

    public record Quantity(@Min(1) @Max(1000) int quantity) {
    }

    static class Handlers {

        static volatile CompletableFuture<String> pending;

        @MessageHandler(route = "CHECKED")
        String checked(@Valid Quantity quantity) {
            return "checked " + quantity.quantity();
        }

        @MessageHandler(route = "PLAIN")
        String plain(Quantity quantity) {
            return "plain " + quantity.quantity();
        }

        @MessageHandler(route = "MDC")
        String mdc() {
            return "mdc " + MDC.get(HandlerObserver.MDC_KEY);
        }

        @MessageHandler(route = "FAIL")
        String fail() {
            throw new IllegalStateException("boom");
        }

        @MessageHandler(route = "LATER")
        CompletableFuture<String> later() {
            return pending;
        }
    }
}
