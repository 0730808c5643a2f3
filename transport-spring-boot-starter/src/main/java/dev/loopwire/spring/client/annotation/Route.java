package dev.loopwire.spring.client.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The route of a {@link LoopwireExchange} method: the command word of a line ({@code "GET"}), or the
 * type-field number of a length-field frame ({@code "7"}). A method without it sends its payload as is.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Route {

    /** The route. */
    String value();
}
