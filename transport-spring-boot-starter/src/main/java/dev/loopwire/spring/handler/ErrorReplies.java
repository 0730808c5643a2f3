package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.FrameDecodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A server's answer to failures: the error reply built from its template ({@code %s} = the message,
 * JSON-escaped on JSON servers), or a close when {@code on-error: close}. Used as the core
 * {@link FailurePolicy} (handler failures, bad frames) and by the routing handler (unknown routes).
 * Immutable and thread-safe; called on loop or handler threads.
 */
public final class ErrorReplies implements FailurePolicy {

    /** Default template of text and binary servers. */
    public static final String TEXT_TEMPLATE = "-ERR %s";
    /** Default template of JSON servers. */
    public static final String JSON_TEMPLATE = "{\"error\":\"%s\"}";

    private final OnError onError;
    private final String template;
    private final boolean json;
    private final Charset charset;

    /**
     * @param template the template, or empty for the default of {@code format}
     */
    public ErrorReplies(OnError onError, String template, PayloadFormat format, Charset charset) {
        this.onError = onError;
        this.json = format == PayloadFormat.JSON;
        this.template = template == null || template.isEmpty() ? (json ? JSON_TEMPLATE : TEXT_TEMPLATE) : template;
        this.charset = charset;
    }

    /** The error reply payload for {@code message}, or null when the server closes instead. */
    public byte[] payload(String message) {
        if (onError == OnError.CLOSE) {
            return null;
        }
        return template.replace("%s", json ? jsonEscape(message) : message).getBytes(charset);
    }

    /** The reply for {@code message}: the error reply, or a close. */
    public Reply reply(String message) {
        byte[] payload = payload(message);
        return payload == null ? Reply.close() : Reply.of(payload);
    }

    @Override
    public byte[] onHandlerFailure(Connection connection, Throwable failure) {
        return payload(describe(failure));
    }

    @Override
    public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
        return payload("bad frame: " + failure.getMessage());
    }

    /** What a client is told about {@code failure}: the payload problem, or the exception's message. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof HandlerFailedException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MethodArgumentNotValidException invalid && invalid.getBindingResult() != null) {
            return "invalid payload: " + violations(invalid.getBindingResult());
        }
        if (cause instanceof MessageConversionException || cause instanceof MethodArgumentResolutionException) {
            String text = firstLine(cause.getMessage());
            int colon = cause instanceof MethodArgumentResolutionException ? text.lastIndexOf(": ") : -1;
            return "invalid payload: " + (colon >= 0 ? text.substring(colon + 2) : text);
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : firstLine(message);
    }

    /**
     * The violations as {@code field message}, sorted by field (so a reply does not depend on the
     * validator's iteration order), then those of the whole object, joined by {@code "; "}.
     */
    static String violations(BindingResult result) {
        List<String> parts = new ArrayList<>();
        result.getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField).thenComparing(ErrorReplies::messageOf))
                .forEach(error -> parts.add(error.getField() + " " + messageOf(error)));
        result.getGlobalErrors().forEach(error -> parts.add(error.getObjectName() + " " + messageOf(error)));
        return parts.isEmpty() ? "constraint violated" : String.join("; ", parts);
    }

    private static String messageOf(ObjectError error) {
        String message = error.getDefaultMessage();
        return message == null ? String.valueOf(error.getCode()) : message;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ErrorReplies[" + (onError == OnError.CLOSE ? "close" : "reply '" + template + "'") + "]";
    }
}
