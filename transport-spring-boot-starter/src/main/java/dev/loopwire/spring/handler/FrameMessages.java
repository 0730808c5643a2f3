package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Wraps one frame into a {@code Message<byte[]>} with the {@link LoopwireHeaders}. Stateless; called on
 * the handler's thread.
 */
final class FrameMessages {

    private FrameMessages() {
    }

    static Message<byte[]> of(byte[] payload, String server, String route, Connection connection) {
        Map<String, Object> headers = new HashMap<>(8);
        headers.put(LoopwireHeaders.SERVER, server);
        headers.put(LoopwireHeaders.ROUTE, route);
        headers.put(LoopwireHeaders.CONNECTION_ID, connection.id());
        headers.put(LoopwireHeaders.REMOTE_ADDRESS, connection.remoteAddress());
        return new GenericMessage<>(payload, new FrameHeaders(headers));
    }

    /**
     * The payload in a message without headers, for a {@code MessageConverter} that reads nothing but the
     * payload and the (absent) content type: the {@code byte[]}, text and JSON converters of the starter.
     */
    static Message<byte[]> bare(byte[] payload) {
        return new GenericMessage<>(payload, NO_HEADERS);
    }

    private static final MessageHeaders NO_HEADERS = new FrameHeaders(Map.of());

    /** Headers without the random id and timestamp: a frame needs neither, and UUIDs cost per frame. */
    private static final class FrameHeaders extends MessageHeaders {

        private static final long serialVersionUID = 1L;

        FrameHeaders(Map<String, Object> headers) {
            super(headers, MessageHeaders.ID_VALUE_NONE, -1L);
        }
    }
}
