package dev.loopwire.spring.client.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a declarative client of a configured {@code loopwire.clients.<client>}: found by
 * scanning the application's packages (those of its {@code @SpringBootApplication}), it becomes a bean
 * whose methods send requests.
 *
 * <pre>
 * &#64;LoopwireExchange(client = "kv")
 * interface KvClient {
 *     &#64;Route("GET") CompletableFuture&lt;String&gt; get(String key);   // sends "GET key"
 *     &#64;Route("SET") String set(String key, String value);            // blocks up to request-timeout
 *     &#64;Route("LOG") void log(String line);                             // one-way
 * }
 * </pre>
 *
 * <p>A line client sends the route word, then the arguments, joined by spaces. A JSON client sends the
 * one argument as the JSON payload, and a route (a number) goes into the length field's type field.
 * Return types: {@code CompletableFuture<T>} or {@code CompletionStage<T>}; {@code T}, which blocks up to
 * the request timeout and fails at once on a Loopwire loop thread; {@code void}, one-way (no reply read:
 * use it only for frames the server never answers, since a reply would be taken for the answer to the
 * next request on that connection).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LoopwireExchange {

    /** The client's name, a key of {@code loopwire.clients}. */
    String client();
}
