package dev.loopwire.spring.client.badroute;

import dev.loopwire.spring.client.annotation.LoopwireExchange;
import dev.loopwire.spring.client.annotation.Route;
import java.util.concurrent.CompletableFuture;

/** A route on a length-field client without a type field: refused at startup. */
@LoopwireExchange(client = "plain")
public interface RoutedJsonExchange {

    @Route("7")
    CompletableFuture<String> call(String payload);
}
