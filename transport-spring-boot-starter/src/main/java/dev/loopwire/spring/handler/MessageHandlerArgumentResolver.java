package dev.loopwire.spring.handler;

import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * A resolver for parameters of {@code @MessageHandler} methods that the built-in sources (payload,
 * {@code @Header}s, {@code Connection}, {@code Message}) do not cover. Every bean of this type is added to
 * each server's spring-messaging method factory as a custom argument resolver, in bean order; a method with
 * a parameter such a resolver supports is invoked through spring-messaging (not the compiled fast path),
 * so its resolver sees the frame as a {@code Message} with the {@link LoopwireHeaders}.
 *
 * <p>Called on the thread that runs the handler (a loop thread for {@code io} dispatch): implementations
 * must be thread-safe and must not block.
 */
public interface MessageHandlerArgumentResolver extends HandlerMethodArgumentResolver {
}
