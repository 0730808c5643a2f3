package dev.loopwire.demo.orders;

import dev.loopwire.spring.annotation.MessageHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * The {@code json} server: each length-framed message is a JSON {@link OrderRequest}; the reply is a JSON
 * {@link OrderConfirmation}, completed asynchronously (as if a payment service answered a little later).
 * Replies still leave in request order on each connection.
 */
@Component
public class OrderHandlers {

    private static final Executor PAYMENT_SERVICE = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);

    private final AtomicLong orderIds = new AtomicLong();

    @MessageHandler(server = "json")
    public CompletableFuture<OrderConfirmation> order(@Payload OrderRequest request) {
        if (request.item() == null || request.item().isBlank()) {
            return CompletableFuture.completedFuture(OrderConfirmation.rejected(request, "item must not be blank"));
        }
        if (request.quantity() < 1 || request.quantity() > 1000) {
            return CompletableFuture.completedFuture(
                    OrderConfirmation.rejected(request, "quantity must be between 1 and 1000"));
        }
        return CompletableFuture.supplyAsync(() -> OrderConfirmation.accepted(orderIds.incrementAndGet(), request),
                PAYMENT_SERVICE);
    }
}
