package dev.loopwire.spring.connection;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter to an attribute of the connection ({@link dev.loopwire.transport.Connection#attributes()}
 * by name, which is also where typed {@link dev.loopwire.transport.AttributeKey}s keep their values): on
 * {@link dev.loopwire.spring.annotation.OnConnect} and {@link dev.loopwire.spring.annotation.OnDisconnect}
 * methods, and on {@code @MessageHandler} methods (through {@link ConnectionAttributeArgumentResolver},
 * which the auto-configuration registers). A missing attribute is {@code null}, or an error when
 * {@link #required()}; a value of another type than the parameter's is an error.
 *
 * <pre>
 * &#64;MessageHandler(server = "lines", route = "WHOAMI")
 * String whoami(&#64;ConnectionAttribute("user") String user) { ... }
 * </pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConnectionAttribute {

    /** The attribute's name (an {@link dev.loopwire.transport.AttributeKey}'s name). */
    String value();

    /** Fail the call when the attribute is missing (default: pass {@code null}). */
    boolean required() default false;
}
