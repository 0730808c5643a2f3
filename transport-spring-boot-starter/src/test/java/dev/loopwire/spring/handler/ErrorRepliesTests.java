package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.transport.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MessageConversionException;

class ErrorRepliesTests {

    @Test
    void whenTextServerThenDefaultTemplateIsRedisStyle() {
        ErrorReplies replies = new ErrorReplies(OnError.REPLY, "", PayloadFormat.TEXT, StandardCharsets.UTF_8);
        assertThat(text(replies.payload("unknown command 'FOO'"))).isEqualTo("-ERR unknown command 'FOO'");
    }

    @Test
    void whenJsonServerThenMessageIsEscapedIntoTheJsonTemplate() {
        ErrorReplies replies = new ErrorReplies(OnError.REPLY, null, PayloadFormat.JSON, StandardCharsets.UTF_8);
        assertThat(text(replies.payload("bad \"x\"\\\n\u0001"))).isEqualTo("{\"error\":\"bad \\\"x\\\"\\\\\\n\\u0001\"}");
    }

    @Test
    void whenCustomTemplateThenItIsUsed() {
        ErrorReplies replies = new ErrorReplies(OnError.REPLY, "ERROR|%s|", PayloadFormat.TEXT, StandardCharsets.UTF_8);
        assertThat(text(replies.payload("boom"))).isEqualTo("ERROR|boom|");
    }

    @Test
    void whenOnErrorIsCloseThenThereIsNoPayloadAndTheReplyCloses() {
        ErrorReplies replies = new ErrorReplies(OnError.CLOSE, "", PayloadFormat.TEXT, StandardCharsets.UTF_8);
        assertThat(replies.payload("x")).isNull();
        assertThat(replies.reply("x")).isEqualTo(Reply.close());
        assertThat(replies.onHandlerFailure(null, new IllegalStateException("x"))).isNull();
    }

    @Test
    void whenFailureIsWrappedThenClientSeesTheCauseOrThePayloadProblem() {
        assertThat(ErrorReplies.describe(new HandlerFailedException("s", "r", 1, new IllegalStateException("boom"))))
                .isEqualTo("boom");
        assertThat(ErrorReplies.describe(new HandlerFailedException("s", "r", 1, new NullPointerException())))
                .isEqualTo("NullPointerException");
        assertThat(ErrorReplies.describe(new MessageConversionException("Could not read JSON: x\n at [Source]")))
                .isEqualTo("invalid payload: Could not read JSON: x");
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
