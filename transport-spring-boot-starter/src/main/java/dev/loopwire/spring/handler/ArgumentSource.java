package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import org.springframework.messaging.Message;

/**
 * Produces the value of one parameter of a {@code @MessageHandler} method for one frame, as decided once at
 * startup by {@link ArgumentSources} for a {@link CompiledHandlerMethod}. Immutable and thread-safe; called on
 * the handler's thread.
 */
@FunctionalInterface
interface ArgumentSource {

    /**
     * Returned when this frame needs spring-messaging's own argument resolution (an empty payload, text that
     * does not decode, a null header): the invoker then resolves every argument the standard way, so the
     * method gets the same value, or the frame fails with the same exception, as without the fast path.
     */
    Object UNRESOLVED = new Object() {
        @Override
        public String toString() {
            return "UNRESOLVED";
        }
    };

    /**
     * The argument, or {@link #UNRESOLVED}.
     *
     * @param connection the frame's connection
     * @param payload    the frame without its route key
     * @param message    the frame as a message; null unless the method was compiled as needing one
     * @throws Exception what the message converter threw
     */
    Object produce(Connection connection, byte[] payload, Message<byte[]> message) throws Exception;
}
