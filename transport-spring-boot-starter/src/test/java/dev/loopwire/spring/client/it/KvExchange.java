package dev.loopwire.spring.client.it;

import dev.loopwire.spring.client.annotation.LoopwireExchange;
import dev.loopwire.spring.client.annotation.Route;
import java.util.concurrent.CompletableFuture;

/** A declarative client of the test's line server. */
@LoopwireExchange(client = "kv")
public interface KvExchange {

    @Route("SET")
    String set(String key, String value);

    @Route("GET")
    CompletableFuture<String> get(String key);

    @Route("INCR")
    long increment(String key);

    @Route("LOG")
    void log(String line);

    @Route("GET")
    String getBlocking(String key);

    default String getOr(String key, String otherwise) {
        String value = getBlocking(key);
        return value.equals("$nil") ? otherwise : value;
    }
}
