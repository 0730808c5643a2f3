package dev.loopwire.spring.client.it;

import dev.loopwire.spring.client.annotation.LoopwireExchange;
import dev.loopwire.spring.client.annotation.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A declarative client of the test's JSON server, routed by a one-byte type field. */
@LoopwireExchange(client = "orders")
public interface OrderExchange {

    record Order(String item, int quantity) {
    }

    record Confirmation(long id, String item, int quantity) {
    }

    @Route("1")
    CompletableFuture<Confirmation> place(Order order);

    @Route("1")
    Confirmation placeNow(Order order);

    @Route("2")
    CompletableFuture<List<Confirmation>> history();
}
