package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Reply;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled methods are called through generated lambdas where possible, and a method returning the
 * payload text it was given is answered with the payload's bytes: in every case the peer gets the reply
 * (or the failure) spring-messaging's own resolution and the text encoding give.
 */
class GeneratedInvocationTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "constant", "echo", "wrapped", "connectionAndText", "connectionId", "checked",
            "staticEcho" })
    void whenTheMethodHasUpToTwoParametersAndReturnsAValueThenAGeneratedLambdaCallsItWithTheSameOutcome(
            String name) {
        CompiledHandlerMethod compiled = compile(name, StandardCharsets.UTF_8);

        assertThat(compiled.generated()).as("generated").isTrue();
        for (byte[] frame : frames()) {
            assertThat(outcome(invoker(name, StandardCharsets.UTF_8, true), frame))
                    .as(name + " <- " + Arrays.toString(frame))
                    .isEqualTo(outcome(invoker(name, StandardCharsets.UTF_8, false), frame));
        }
    }

    @Test
    void whenTheMethodReturnsVoidThenAMethodHandleCallsItAndTheFrameGetsNoReply() {
        assertThat(compile("sink", StandardCharsets.UTF_8).generated()).isFalse();

        assertThat(outcome(invoker("sink", StandardCharsets.UTF_8, true), bytes("x"))).isEqualTo("none");
    }

    @Test
    void whenTheMethodThrowsACheckedExceptionThenTheExceptionHandlerGetsItUnchanged() {
        assertThat(outcome(invoker("checked", StandardCharsets.UTF_8, true), bytes("disk")))
                .isEqualTo("reply: io disk");
    }

    @Test
    void whenTheMethodTakesAPrimitiveHeaderThenItGetsTheUnboxedValue() {
        assertThat(outcome(invoker("connectionId", StandardCharsets.UTF_8, true), bytes("x"))).isEqualTo("reply: 7");
    }

    @Test
    void whenTheMethodReturnsItsTextThenTheReplyIsThePayloadArrayItself() {
        HandlerInvoker invoker = invoker("echo", StandardCharsets.UTF_8, true);
        for (byte[] frame : List.of(bytes("hello"), bytes("h\u00e9llo \u20ac"), bytes("\uFFFD sent on purpose"))) {
            Reply reply = invoker.invoke(new TestConnection(7), frame);

            assertThat(((Reply.Now) reply).payload()).isSameAs(frame);
            assertThat(outcome(invoker, frame))
                    .isEqualTo(outcome(invoker("echo", StandardCharsets.UTF_8, false), frame.clone()));
        }
    }

    @Test
    void whenTheMethodReturnsAnotherStringThenItIsEncoded() {
        HandlerInvoker invoker = invoker("wrapped", StandardCharsets.UTF_8, true);

        assertThat(outcome(invoker, bytes("abc"))).isEqualTo("reply: <abc>");
    }

    @Test
    void whenTheCharsetDoesNotRoundTripThenTheTextIsEncodedAgain() {
        Charset utf16 = StandardCharsets.UTF_16;
        // little-endian BOM: decoded as "hi", encoded back big-endian with its BOM, as before the fast path
        byte[] frame = { (byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0 };

        assertThat(compile("echo", utf16).echoesText()).isFalse();
        Reply.Now reply = (Reply.Now) invoker("echo", utf16, true).invoke(new TestConnection(7), frame.clone());
        assertThat(reply.payload()).containsExactly(0xFE, 0xFF, 0, 'h', 0, 'i')
                .isEqualTo("hi".getBytes(utf16));
    }

    @Test
    void whenAnotherParameterGetsThePayloadArrayThenTheReturnedTextIsEncodedFromTheText() {
        assertThat(compile("rewrites", StandardCharsets.UTF_8).echoesText()).isFalse();

        assertThat(outcome(invoker("rewrites", StandardCharsets.UTF_8, true), bytes("hello")))
                .isEqualTo("reply: hello")
                .isEqualTo(outcome(invoker("rewrites", StandardCharsets.UTF_8, false), bytes("hello")));
    }

    private static List<byte[]> frames() {
        return List.of(bytes("hello"), new byte[0], new byte[] { (byte) 0xC3, (byte) 0x28 }, bytes("disk"),
                bytes("\uFFFD ok"), bytes("h\u00e9"));
    }

    private static String outcome(HandlerInvoker invoker, byte[] frame) {
        try {
            Reply reply = invoker.invoke(new TestConnection(7), frame);
            if (reply instanceof Reply.Now now) {
                return "reply: " + (now.payload() == null ? "close" : new String(now.payload(), StandardCharsets.UTF_8));
            }
            return reply == Reply.none() ? "none" : "reply: " + reply;
        } catch (HandlerFailedException failure) {
            return "failed: " + failure.getCause().getClass().getName() + ": " + ErrorReplies.describe(failure);
        }
    }

    private static CompiledHandlerMethod compile(String name, Charset charset) {
        CompositeMessageConverter converter = HandlerMethodFactories.converter(PayloadFormat.TEXT, charset, MAPPER);
        DefaultMessageHandlerMethodFactory methods = HandlerMethodFactories.create(converter, null);
        return CompiledHandlerMethod.compile(methods.createInvocableHandlerMethod(new Handlers(), method(name)),
                "srv", "ROUTE", converter, charset);
    }

    private static HandlerInvoker invoker(String name, Charset charset, boolean fast) {
        CompositeMessageConverter converter = HandlerMethodFactories.converter(PayloadFormat.TEXT, charset, MAPPER);
        DefaultMessageHandlerMethodFactory methods = HandlerMethodFactories.create(converter, null);
        Handlers bean = new Handlers();
        InvocableHandlerMethod invocable = methods.createInvocableHandlerMethod(bean, method(name));
        CompiledHandlerMethod compiled = fast
                ? CompiledHandlerMethod.compile(invocable, "srv", "ROUTE", converter, charset)
                : null;
        return new HandlerInvoker("srv", "ROUTE", invocable, compiled, ExceptionHandlerInvoker.forBean(bean, methods),
                new ReplyEncoder(PayloadFormat.TEXT, charset, MAPPER), null);
    }

    private static Method method(String name) {
        return Arrays.stream(Handlers.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static class Handlers {

        String constant() {
            return "+PONG";
        }

        String echo(String text) {
            return text;
        }

        static String staticEcho(String text) {
            return text;
        }

        String wrapped(String text) {
            return "<" + text + ">";
        }

        String connectionAndText(dev.loopwire.transport.Connection connection, String text) {
            return connection.id() + " " + text;
        }

        long connectionId(@Header(LoopwireHeaders.CONNECTION_ID) long id) {
            return id;
        }

        String checked(String text) throws IOException {
            if (text.equals("disk")) {
                throw new IOException(text);
            }
            return text;
        }

        void sink(String text) {
        }

        String rewrites(byte[] raw, String text) {
            raw[0] = 'X';
            return text;
        }

        @MessageExceptionHandler
        String onIo(IOException e) {
            return "io " + e.getMessage();
        }
    }
}
