package dev.loopwire.spring.handler;

import dev.loopwire.transport.FrameHandler;
import java.util.Objects;

/**
 * Declares a core {@link FrameHandler} for a server, bypassing {@code @MessageHandler} routing and
 * conversion: declare it as a bean for full control.
 *
 * <pre>
 * &#64;Bean
 * FrameHandlerRegistration echo() {
 *     return new FrameHandlerRegistration("echo", (connection, frame) -> Reply.of(frame));
 * }
 * </pre>
 *
 * @param server  the server's name, a key under {@code loopwire.servers}
 * @param handler the handler; called as {@link FrameHandler} documents
 */
public record FrameHandlerRegistration(String server, FrameHandler handler) {

    public FrameHandlerRegistration {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(handler, "handler");
    }
}
