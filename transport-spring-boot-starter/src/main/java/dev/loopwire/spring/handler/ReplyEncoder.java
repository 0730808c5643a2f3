package dev.loopwire.spring.handler;

import dev.loopwire.transport.Reply;
import java.nio.charset.Charset;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns handler return values into replies: {@code null} none, {@link Reply} as is, {@code byte[]} raw,
 * {@code String} in the server's charset, other objects as JSON (JSON servers) or {@code toString()}.
 * Immutable and thread-safe; called on handler threads or where an asynchronous reply completes.
 */
final class ReplyEncoder {

    private final PayloadFormat format;
    private final Charset charset;
    private final JsonMapper jsonMapper;

    ReplyEncoder(PayloadFormat format, Charset charset, JsonMapper jsonMapper) {
        this.format = format;
        this.charset = charset;
        this.jsonMapper = jsonMapper;
    }

    /** The reply to a value returned right away (not a {@code CompletionStage}). */
    Reply encode(Object value) {
        if (value instanceof Reply reply) {
            return reply;
        }
        byte[] payload = payload(value);
        return payload == null ? Reply.none() : Reply.of(payload);
    }

    /**
     * The reply to the value an asynchronous result completed with: as {@link #encode}, except that a
     * {@code Reply.later} or another stage is refused (compose the stages instead).
     */
    Reply encodeCompleted(Object value) {
        if (value instanceof Reply.Later || value instanceof CompletionStage<?>) {
            throw new IllegalStateException("a CompletionStage completed with another asynchronous reply; "
                    + "return one stage (use thenCompose)");
        }
        return encode(value);
    }

    private byte[] payload(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(charset);
        }
        if (format == PayloadFormat.JSON) {
            return jsonMapper.writeValueAsBytes(value);
        }
        return value.toString().getBytes(charset);
    }
}
