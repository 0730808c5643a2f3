package dev.loopwire.spring.handler;

import dev.loopwire.transport.Reply;
import java.nio.charset.Charset;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns handler return values into replies: {@code null} none, {@link Reply} as is, {@code byte[]} raw,
 * {@code String} in the server's charset, other objects as JSON (JSON servers) or {@code toString()}.
 *
 * <p>A handler that answers with the same {@code String} instance frame after frame (a constant such as
 * {@code "+PONG"}, at most {@value #MAX_CACHED_LENGTH} characters) has it encoded once: the encoder keeps one string with its bytes and hands those bytes
 * to every reply of that very instance (the core never changes a reply's payload). On a miss the slot is
 * taken by the new string now and then (one miss in {@value #REPLACE_ONE_IN}, chosen at random), so a
 * handler answering new strings does not write the shared slot on every frame, and a constant still takes
 * the slot after a few frames.
 *
 * <p>Thread-safe; called on handler threads or where an asynchronous reply completes. The slot is read
 * and written without locks: it holds an immutable pair, so any thread sees a string with its own bytes.
 */
final class ReplyEncoder {

    /** On a miss, the slot is replaced with probability 1 / this. */
    static final int REPLACE_ONE_IN = 32;
    /** Longer strings are never kept: the slot is for short constant answers, not to pin large replies. */
    static final int MAX_CACHED_LENGTH = 256;

    private final PayloadFormat format;
    private final Charset charset;
    private final JsonMapper jsonMapper;
    /** the string encoded for the last replies, with its bytes; null until a string was encoded */
    private EncodedText cached;

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
            return encode(text);
        }
        if (format == PayloadFormat.JSON) {
            return jsonMapper.writeValueAsBytes(value);
        }
        return value.toString().getBytes(charset);
    }

    private byte[] encode(String text) {
        EncodedText slot = cached;
        if (slot != null && slot.text == text) {
            return slot.bytes;
        }
        byte[] bytes = text.getBytes(charset);
        if (text.length() <= MAX_CACHED_LENGTH
                && (slot == null || ThreadLocalRandom.current().nextInt(REPLACE_ONE_IN) == 0)) {
            cached = new EncodedText(text, bytes);
        }
        return bytes;
    }

    /** A string and its encoding; never changed, so it may be shared without a lock. */
    private record EncodedText(String text, byte[] bytes) {
    }
}
