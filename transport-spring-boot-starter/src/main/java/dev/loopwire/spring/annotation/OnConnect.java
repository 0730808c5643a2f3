package dev.loopwire.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to run when a connection of a Loopwire server opens, before any of its frames.
 *
 * <p>Parameters: a {@link dev.loopwire.transport.Connection}, and {@link dev.loopwire.spring.connection.ConnectionAttribute}
 * parameters (its attributes by name). Return a greeting ({@code String}, in the server's charset, or
 * {@code byte[]} or a {@link dev.loopwire.transport.Reply}), or {@code void}/{@code null} for none: the greeting
 * leaves before the reply to the first frame, even when the client sends before reading. One method per
 * server may return a greeting.
 *
 * <p>It runs on the thread the server's {@code dispatch} names, ordered with the connection's frames. An
 * exception follows {@code loopwire.servers.<name>.on-error} (an error reply, or a close).
 *
 * <pre>
 * &#64;OnConnect(server = "lines")
 * String greet(Connection connection) { return "+OK ready"; }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {

    /**
     * The name of the server, a key under {@code loopwire.servers}. May be left empty when exactly one
     * server is configured.
     */
    String server() default "";
}
