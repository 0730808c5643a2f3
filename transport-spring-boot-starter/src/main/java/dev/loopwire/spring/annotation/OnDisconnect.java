package dev.loopwire.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to run when a connection of a Loopwire server has closed: exactly once per connection
 * whose {@link OnConnect} stage ran, whatever closed it (peer, idle timeout, error, closing reply, shutdown,
 * slow-consumer limit), after the handler of its last frame. Drop the connection's session state here.
 *
 * <p>Parameters: a {@link dev.loopwire.transport.Connection} (closed: nothing can be sent), a
 * {@link dev.loopwire.transport.CloseReason}, and {@link dev.loopwire.spring.connection.ConnectionAttribute}
 * parameters. The return value is ignored; an exception is logged. It runs on the thread the server's
 * {@code dispatch} names.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {

    /**
     * The name of the server, a key under {@code loopwire.servers}. May be left empty when exactly one
     * server is configured.
     */
    String server() default "";
}
