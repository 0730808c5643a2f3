package dev.loopwire.spring.handler;

import dev.loopwire.transport.Reply;
import java.nio.charset.Charset;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns handler return values into replies: {@code null} none, {@link Reply} as is, {@code byte[]} raw,
 * {@code String} in the server's charset, other objects as JSON (JSON servers) or {@code toString()}.
 * Immutable and thread-safe; called on handler threads or where an asynchronous reply completes.
 */
final class ReplyEncoder {

    private static final Logger log = LoggerFactory.getLogger(ReplyEncoder.class);

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

    /** The payload of a value an asynchronous reply completed with; null for none. */
    byte[] payload(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(charset);
        }
        if (value instanceof Reply reply) {
            return payloadOfReply(reply);
        }
        if (value instanceof CompletionStage<?>) {
            throw new IllegalStateException("a CompletionStage completed with another CompletionStage; "
                    + "return one stage (use thenCompose)");
        }
        if (format == PayloadFormat.JSON) {
            return jsonMapper.writeValueAsBytes(value);
        }
        return value.toString().getBytes(charset);
    }

    private static byte[] payloadOfReply(Reply reply) {
        if (reply instanceof Reply.Now now) {
            if (now.closeAfter()) {
                // the core's Reply.later carries a payload only: it cannot close after an asynchronous reply
                log.warn("A CompletionStage completed with a closing Reply: the reply is sent but the connection "
                        + "stays open, because an asynchronous reply cannot close it; return Reply.ofAndClose "
                        + "synchronously where the connection must close");
            }
            return now.payload();
        }
        if (reply instanceof Reply.Later) {
            throw new IllegalStateException("a CompletionStage completed with Reply.later(...); "
                    + "return the inner stage instead");
        }
        return null;
    }
}
