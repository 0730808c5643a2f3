package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled fast path gives every frame the reply (or the failure) spring-messaging's own resolution
 * gives: each method runs once through an invoker with the fast path and once through one without, on
 * valid, empty, malformed and unconvertible payloads.
 */
class CompiledHandlerMethodTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final Connection connection = new TestConnection(7);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "bytes", "text", "payloadText", "json", "headers", "message", "noArguments",
            "threeArguments", "fails", "recovered" })
    void whenCompiledThenEveryFrameGetsTheReplyOfSpringMessagingResolution(String name) {
        HandlerInvoker fast = invoker(name, PayloadFormat.JSON, true);
        HandlerInvoker slow = invoker(name, PayloadFormat.JSON, false);

        assertThat(fast.compiled()).as("compiled").isTrue();
        for (byte[] frame : frames()) {
            assertThat(outcome(fast, frame)).as(name + " <- " + Arrays.toString(frame))
                    .isEqualTo(outcome(slow, frame));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "headersMap", "optionalText", "objectArgument", "namedByParameter" })
    void whenAParameterNeedsSpringMessagingThenTheMethodIsNotCompiledAndStillAnswers(String name) {
        HandlerInvoker invoker = invoker(name, PayloadFormat.JSON, true);

        assertThat(invoker.compiled()).isFalse();
        assertThat(outcome(invoker, bytes("abc"))).isEqualTo(outcome(invoker(name, PayloadFormat.JSON, false),
                bytes("abc")));
    }

    @Test
    void whenHeadersAreAskedForThenTheyCarryServerRouteAndConnection() {
        assertThat(outcome(invoker("headers", PayloadFormat.TEXT, true), bytes("x")))
                .isEqualTo("reply: srv ROUTE 7 /127.0.0.1:5555 x");
    }

    @Test
    void whenTheMethodThrowsThenTheExceptionHandlerGetsTheFrameMessage() {
        assertThat(outcome(invoker("recovered", PayloadFormat.TEXT, true), bytes("why")))
                .isEqualTo("reply: recovered why from ROUTE");
    }

    private static List<byte[]> frames() {
        return List.of(bytes("hello"), new byte[0], new byte[] { (byte) 0xC3, (byte) 0x28 }, bytes("{\"id\":3,\"name\":\"n\"}"),
                bytes("{\"id\":\"x\"}"), bytes("not json"), bytes("\uFFFD ok"), bytes("bye"), bytes("h\u00e9"));
    }

    private static String outcome(HandlerInvoker invoker, byte[] frame) {
        try {
            Reply reply = invoker.invoke(new TestConnection(7), frame);
            if (reply instanceof Reply.Now now) {
                return "reply: " + (now.payload() == null ? "close" : new String(now.payload(), StandardCharsets.UTF_8));
            }
            return "reply: " + reply;
        } catch (HandlerFailedException failure) {
            Throwable cause = failure.getCause();
            return "failed: " + cause.getClass().getName() + ": " + ErrorReplies.describe(failure);
        }
    }

    private HandlerInvoker invoker(String name, PayloadFormat format, boolean fast) {
        CompositeMessageConverter converter = HandlerMethodFactories.converter(format, StandardCharsets.UTF_8, MAPPER);
        DefaultMessageHandlerMethodFactory methods = HandlerMethodFactories.create(converter, null);
        Handlers bean = new Handlers();
        Method method = Arrays.stream(Handlers.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        InvocableHandlerMethod invocable = methods.createInvocableHandlerMethod(bean, method);
        CompiledHandlerMethod compiled = fast
                ? CompiledHandlerMethod.compile(invocable, "srv", "ROUTE", converter, StandardCharsets.UTF_8)
                : null;
        return new HandlerInvoker("srv", "ROUTE", invocable, compiled, ExceptionHandlerInvoker.forBean(bean, methods),
                new ReplyEncoder(format, StandardCharsets.UTF_8, MAPPER), null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    record Item(int id, String name) {
    }

    static class Handlers {

        byte[] bytes(byte[] payload) {
            return payload;
        }

        String text(String line) {
            return "<" + line + ">";
        }

        String payloadText(@Payload String line) {
            return line.toUpperCase(java.util.Locale.ROOT);
        }

        Item json(Item item) {
            return new Item(item.id() + 1, item.name());
        }

        String headers(@Header(LoopwireHeaders.SERVER) String server, @Header(LoopwireHeaders.ROUTE) String route,
                @Header(LoopwireHeaders.CONNECTION_ID) long id,
                @Header(name = LoopwireHeaders.REMOTE_ADDRESS) InetSocketAddress address, String text) {
            return server + " " + route + " " + id + " " + address + " " + text;
        }

        String message(Message<byte[]> message, Connection connection) {
            return message.getHeaders().get(LoopwireHeaders.ROUTE) + " " + message.getPayload().length + " "
                    + connection.id();
        }

        String noArguments() {
            return "constant";
        }

        String threeArguments(Connection connection, @Payload byte[] payload, @Header(LoopwireHeaders.SERVER) String s) {
            return connection.id() + " " + payload.length + " " + s;
        }

        String fails(String text) {
            if (text.equals("bye")) {
                throw new IllegalStateException("bye is not allowed");
            }
            return text;
        }

        String recovered(String text) {
            throw new UnsupportedOperationException(text);
        }

        @MessageExceptionHandler
        String onUnsupported(UnsupportedOperationException e, Message<byte[]> message) {
            return "recovered " + e.getMessage() + " from " + message.getHeaders().get(LoopwireHeaders.ROUTE);
        }

        String headersMap(@Headers Map<String, Object> headers) {
            return String.valueOf(headers.get(LoopwireHeaders.ROUTE));
        }

        String optionalText(@Payload(required = false) String text) {
            return String.valueOf(text);
        }

        String objectArgument(Object argument) {
            return argument.getClass().getSimpleName();
        }

        String namedByParameter(@Header String loopwire_route) {
            return loopwire_route;
        }
    }
}
