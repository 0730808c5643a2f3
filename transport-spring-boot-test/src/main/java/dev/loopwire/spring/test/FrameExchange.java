package dev.loopwire.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.handler.PayloadFormat;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ObjectAssert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests sent to a server and the replies expected back, in order, with AssertJ. Subclasses say how
 * frames travel (a socket, or the handler in memory). Use from one thread.
 *
 * @param <S> the concrete type, returned by the fluent methods
 */
public abstract class FrameExchange<S extends FrameExchange<S>> implements AutoCloseable {

    private final String server;
    private final PayloadFormat format;
    private final JsonMapper jsonMapper;

    FrameExchange(String server, PayloadFormat format, JsonMapper jsonMapper) {
        this.server = server;
        this.format = format;
        this.jsonMapper = jsonMapper;
    }

    /** Sends one frame; its reply is read by the next {@code expect...} or {@link #nextReply()}. */
    public abstract S send(byte[] frame);

    /** The next reply frame (the reply to the oldest request not yet read). */
    public abstract byte[] nextReply();

    /** Sends a text frame (UTF-8): a line on a line server. */
    public S send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code value} as JSON. */
    public S sendJson(Object value) {
        return send(jsonMapper.writeValueAsBytes(value));
    }

    /** The next reply as UTF-8 text. */
    public String nextLine() {
        return new String(nextReply(), StandardCharsets.UTF_8);
    }

    /** Asserts that the next reply is {@code expected}. */
    @SuppressWarnings("unchecked")
    public S expectLine(String expected) {
        assertThat(nextLine()).as("reply from server '%s'", server).isEqualTo(expected);
        return (S) this;
    }

    /** Reads the next reply as JSON of {@code type}, for AssertJ assertions on it. */
    public <T> ObjectAssert<T> expectJson(Class<T> type) {
        byte[] reply = nextReply();
        T value;
        try {
            value = jsonMapper.readValue(reply, type);
        } catch (RuntimeException e) {
            throw new AssertionError("reply from server '" + server + "' is not JSON of " + type.getSimpleName() + ": "
                    + new String(reply, StandardCharsets.UTF_8), e);
        }
        return assertThat(value).as("reply from server '%s'", server);
    }

    /** The server's name. */
    public String server() {
        return server;
    }

    /** The server's payload format. */
    public PayloadFormat format() {
        return format;
    }
}
