package dev.loopwire.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of frames of one Loopwire server, optionally for one route.
 *
 * <p>Arguments are resolved by spring-messaging: {@code @Payload} (or an unannotated parameter) gets the
 * frame as {@code String}, {@code byte[]} or, on {@code payload: json} servers, a POJO read by Jackson;
 * {@code @Header} reads the headers of {@link dev.loopwire.spring.handler.LoopwireHeaders}; a
 * {@link dev.loopwire.transport.Connection} parameter gets the frame's connection; a
 * {@code Message<byte[]>} parameter gets the whole message.
 *
 * <p>Return values: {@code String} or {@code byte[]} is written back as one frame, a POJO is written as
 * JSON on JSON servers (its {@code toString()} otherwise), {@code void} or {@code null} means no reply,
 * a {@link dev.loopwire.transport.Reply} gives full control, and a {@code CompletionStage} of any of
 * these replies when it completes (replies still leave in request order per connection).
 *
 * <p>The method runs on the thread the server's {@code dispatch} names (an I/O loop for {@code io}, a
 * business thread otherwise), unless its route overrides it ({@link #dispatch()}); for one connection,
 * calls never overlap and replies leave in request order. Exceptions become an error reply
 * or a close ({@code loopwire.servers.<name>.on-error}); a {@code @MessageExceptionHandler} method of
 * the same bean is asked first.
 *
 * <pre>
 * &#64;MessageHandler(server = "lines", route = "GET")
 * String get(&#64;Payload String key) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MessageHandler {

    /**
     * The name of the server, a key under {@code loopwire.servers}. May be left empty when exactly one
     * server is configured.
     */
    String server() default "";

    /**
     * The route key this method answers: for line framing the first word of the line (case-insensitive;
     * the payload is the rest of the line), for length-field framing the value of the configured type
     * field (decimal or {@code 0x} hex). Empty means the fallback handler of the server, which gets whole
     * frames that no route matched.
     */
    String route() default "";

    /**
     * Where this route runs, overriding the server's {@code dispatch}: {@link DispatchMode#IO} for a cheap
     * route that answers on the loop, {@link DispatchMode#POOL} or {@link DispatchMode#VIRTUAL} for a slow
     * one. {@code loopwire.servers.<name>.routes.<route>.dispatch} overrides this in turn. Default: the
     * server's dispatch.
     */
    DispatchMode dispatch() default DispatchMode.INHERIT;
}
