package dev.loopwire.demo.gateway;

import dev.loopwire.demo.orders.OrderConfirmation;
import dev.loopwire.demo.orders.OrderRequest;
import dev.loopwire.spring.client.annotation.LoopwireExchange;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code json} order server, seen through the {@code orders} client ({@code loopwire.clients.orders}):
 * the argument goes out as a length-framed JSON message, and the JSON reply comes back as an
 * {@link OrderConfirmation}. Spring makes the proxy bean; nothing implements this interface.
 */
@LoopwireExchange(client = "orders")
public interface OrderService {

    /** Places an order; completes with the confirmation (accepted or rejected). */
    CompletableFuture<OrderConfirmation> place(OrderRequest request);
}
